/** What simulated users type and what the simulated bot answers, per intent. English only: texts are filler. */

export const USER_TEXTS: Record<string, readonly string[]> = {
  order_status: ['Where is my order?', 'Can you check the status of my order?', 'My package has not arrived yet', 'When will my order be delivered?'],
  billing_issue: ['I was charged twice this month', 'There is a wrong amount on my bill', 'Why is my invoice so high?', 'I have a problem with my bill'],
  technical_support: ['The app keeps crashing', 'I cannot log in to my account', 'My internet connection drops all the time', 'The router light is blinking red'],
  plan_change: ['I want to change my plan', 'Can I upgrade my subscription?', 'Please switch me to a cheaper plan', 'How do I downgrade my plan?'],
  product_info: ['What does the premium plan include?', 'Do you have family plans?', 'Tell me about your new products', 'How much is the unlimited plan?'],
  refund_request: ['I want a refund', 'Can I get my money back?', 'Please refund my last order', 'I would like to return an item'],
  smalltalk: ['Are you a robot?', 'How are you today?', 'What is your name?', 'Tell me a joke'],
  escalation: ['I want to talk to a human', 'Get me a real person please', 'Connect me with an agent', 'Can I speak to someone?'],
  greet: ['Hi', 'Hello', 'Hey there', 'Good morning'],
  goodbye: ['Bye', 'Goodbye', 'See you', 'That is all, bye'],
  thankyou: ['Thanks!', 'Thank you so much', 'Great, thanks for the help', 'Thanks, that solved it'],
  affirm_happy: ['Perfect, that is exactly what I needed', 'Awesome, you are great', 'Wonderful!'],
  react_frustrated: ['This is not helpful at all', 'You are not understanding me', 'Ugh, this is so frustrating', 'Why is this so complicated?'],
  insult: ['You are a useless bot', 'This bot is stupid', 'Worst service ever'],
  raise_dispute: ['That is not correct, I dispute this', 'I do not agree with this charge', 'This resolution is wrong'],
  affirm: ['Yes', 'Yes please', 'Correct', 'Sure'],
  deny: ['No', 'No thanks', 'Not really', 'Nope'],
  out_of_scope: ['I do not know', 'What?', 'Let me check later', 'Hmm'],
  restart: ['/restart'],
};

/** Bot responses by template name (`metadata.utter_action`). */
export const BOT_TEXTS: Record<string, string> = {
  utter_greet: 'Hi! How can I help you today?',
  utter_default: "Sorry, I didn't get that. Could you rephrase?",
  utter_ask_order_number: 'What is your order number?',
  utter_order_status: 'Your order is on its way and should arrive within 2 days.',
  utter_billing_help: 'I have looked at your bill. A correction has been requested.',
  utter_troubleshoot: 'Please restart your device. If the problem persists, we will open a ticket.',
  utter_ask_plan_name: 'Which plan would you like to switch to?',
  utter_ask_plan_confirmed: 'Shall I switch your plan now?',
  utter_plan_changed: 'Done, your plan has been changed.',
  utter_plan_unchanged: 'Okay, I left your plan as it is.',
  utter_product_info: 'Our premium plan includes unlimited data and priority support.',
  utter_ask_refund_reason: 'Why would you like a refund?',
  utter_ask_refund_confirmed: 'Shall I submit the refund request?',
  utter_refund_submitted: 'Your refund request has been submitted.',
  utter_refund_cancelled: 'Okay, no refund request was submitted.',
  utter_smalltalk: "I'm a virtual assistant, happy to chat!",
  utter_handoff: 'Let me connect you with a human agent.',
  utter_apologize: 'I am sorry about that. Let me try to help.',
  utter_dispute_opened: 'I have opened a dispute case for you.',
  utter_goodbye: 'Goodbye, have a nice day!',
  utter_you_are_welcome: 'You are welcome!',
  utter_ask_nps_score: 'How likely are you to recommend us to a friend (0-10)?',
  utter_ask_csat_score: 'How satisfied are you with this conversation (1-5)?',
  utter_thanks_feedback: 'Thank you for your feedback!',
};

export const PLANS = ['basic', 'standard', 'premium', 'unlimited'] as const;
export const REFUND_REASONS = ['damaged item', 'wrong size', 'late delivery', 'changed my mind'] as const;
