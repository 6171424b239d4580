/** The slots the simulated forms ask for and how a simulated user answers each (the value and its entity). */
import type { Rng } from './rng.js';
import { PLANS, REFUND_REASONS, USER_TEXTS } from './synth-texts.js';

export interface FormSlot {
  name: string;
  /** Bot template that asks for the slot. */
  ask: string;
  answer: (rng: Rng) => { intent: string; text: string; value: string | number | boolean; entity?: string };
}

export const orderNumber: FormSlot = {
  name: 'order_number',
  ask: 'utter_ask_order_number',
  answer: (rng) => {
    const number = String(100000 + rng.int(900000));
    return { intent: 'inform', text: `It is ${number}`, value: number, entity: 'order_number' };
  },
};
export const refundReason: FormSlot = {
  name: 'refund_reason',
  ask: 'utter_ask_refund_reason',
  answer: (rng) => {
    const reason = rng.pick(REFUND_REASONS);
    return { intent: 'inform', text: reason, value: reason, entity: 'refund_reason' };
  },
};
export const planName: FormSlot = {
  name: 'plan_name',
  ask: 'utter_ask_plan_name',
  answer: (rng) => {
    const plan = rng.pick(PLANS);
    return { intent: 'inform', text: `The ${plan} plan`, value: plan, entity: 'plan_name' };
  },
};
export function confirmation(name: string, ask: string): FormSlot {
  return {
    name,
    ask,
    answer: (rng) => {
      const yes = rng.chance(0.8);
      return { intent: yes ? 'affirm' : 'deny', text: rng.pick(USER_TEXTS[yes ? 'affirm' : 'deny']!), value: yes };
    },
  };
}
