/**
 * Shared vocabulary of chatsem: node and project types, relations, identifiers and the error classes.
 * Pure; imports nothing else from src/.
 */
export * from './errors.js';
export * from './identifiers.js';
export * from './relation.js';
export type * from './project-types.js';
export type * from './manifest-types.js';
