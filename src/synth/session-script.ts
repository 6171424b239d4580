/**
 * Plays one session: how many user messages (geometric, mean `meanTurns`), what each one asks (the intent
 * multinomial for free turns; greetings, form answers, frustration, disputes, restarts and the closing
 * feedback form around them), what the NLU makes of it (Beta confidence, fallback under the threshold) and how
 * the bot reacts (rules, forms with `requested_slot`, handoff). Every user message counts as a turn, so the
 * session has exactly the drawn number of user events.
 */
import { DialogueEvents, type ParsedMessage } from './dialogue-events.js';
import { type Categorical, type Rng } from './rng.js';
import { type BetaParams, STORY_INTENTS, type StoryIntent, type SynthConfig } from './synth-config.js';
import { type FormSlot, confirmation, orderNumber, planName, refundReason } from './form-slots.js';
import { USER_TEXTS } from './synth-texts.js';

const RANKING_POOL = [...STORY_INTENTS, 'greet', 'goodbye', 'affirm', 'deny', 'thankyou', 'out_of_scope'];

export class SessionScript {
  private fallbacks = 0;
  private handoff = false;
  private disputes = 0;
  private confidences: number[] = [];
  private lastFallback = false;
  private lastResolved: StoryIntent | null = null;

  constructor(
    private readonly d: DialogueEvents,
    private readonly rng: Rng,
    private readonly config: SynthConfig,
    private readonly intents: Categorical<StoryIntent>,
  ) {}

  play(): void {
    const { rng, config } = this;
    const p = config.probabilities;
    this.d.sessionStart();
    const turns = rng.geometric(config.meanTurns);
    const feedbackTurns = turns >= 4 && rng.chance(p.feedback) ? (rng.chance(p.failedFill) ? 3 : 2) : 0;
    const goodbye = feedbackTurns > 0 || (turns >= 3 && rng.chance(p.goodbye));
    let free = turns - feedbackTurns - (goodbye ? 1 : 0);
    const restartAt = free >= 3 && rng.chance(p.restart) ? 1 + rng.int(free - 1) : -1;
    if (free >= 2 && rng.chance(p.greet)) {
      this.say('greet', { fallback: false });
      this.d.action('utter_greet', 'RulePolicy', 1);
      this.d.bot('utter_greet');
      this.listen();
      free--;
    }
    let turn = 0;
    while (free > 0) {
      turn++;
      if (turn === restartAt) {
        this.restart();
        free--;
      } else if (this.lastFallback && rng.chance(p.frustrationAfterFallback)) {
        this.frustration();
        free--;
      } else if ((this.lastResolved === 'refund_request' || this.lastResolved === 'billing_issue') && rng.chance(p.dispute)) {
        this.lastResolved = null;
        if (this.say('raise_dispute', { fallback: true })) {
          this.disputes++;
          this.d.action('action_open_dispute', 'TEDPolicy', rng.beta(8, 2));
          this.d.bot('utter_dispute_opened');
          this.listen();
        }
        free--;
      } else {
        const intent = this.intents.draw(rng);
        free -= 1;
        if (this.say(intent, { fallback: true, params: config.confidence[intent] })) free -= this.story(intent, free);
      }
    }
    if (goodbye) this.closing(feedbackTurns);
  }

  /** A user message; returns false when the NLU fell back (the bot already answered with utter_default). */
  private say(
    intent: string,
    options: { fallback: boolean; params?: BetaParams; confidence?: number; text?: string; entity?: { name: string; value: string | number | boolean } },
  ): boolean {
    const { rng, config } = this;
    const params = options.params ?? config.otherConfidence;
    const confidence = options.confidence ?? rng.beta(params.alpha, params.beta);
    const fellBack = options.fallback && confidence + rng.normal(0, config.fallback.noiseSd) < config.fallback.threshold;
    const text = options.text ?? rng.pick(USER_TEXTS[intent] ?? [intent]);
    const parsed = this.parse(intent, confidence, fellBack, text, options.entity);
    this.d.user(text, parsed, this.sentiment(intent, confidence));
    this.d.beginReply(this.latency());
    this.confidences.push(confidence);
    this.lastFallback = fellBack;
    if (!fellBack) return true;
    this.fallbacks++;
    this.d.action('action_default_fallback', 'RulePolicy', 1);
    this.d.bot('utter_default');
    this.d.rewind();
    this.listen();
    return false;
  }

  private parse(intent: string, confidence: number, fellBack: boolean, text: string, entity?: { name: string; value: string | number | boolean }): ParsedMessage {
    const { rng, config } = this;
    const round = (x: number): number => Math.round(x * 1e6) / 1e6;
    const ranking = [{ name: intent, confidence: round(confidence) }];
    let rest = 1 - confidence;
    while (ranking.length < config.intentRankingSize) {
      const name = rng.pick(RANKING_POOL);
      if (ranking.some((entry) => entry.name === name)) continue;
      const share = rest * rng.uniform() * 0.7;
      ranking.push({ name, confidence: round(share) });
      rest -= share;
    }
    const entities = entity ? [{ entity: entity.name, start: 0, end: text.length, value: typeof entity.value === 'boolean' ? String(entity.value) : entity.value, extractor: 'DIETClassifier', confidence_entity: round(0.9 + rng.uniform() * 0.1) }] : [];
    if (!fellBack) return { intent, confidence: round(confidence), ranking, entities };
    const threshold = config.fallback.threshold;
    return { intent: 'nlu_fallback', confidence: threshold, ranking: [{ name: 'nlu_fallback', confidence: threshold }, ...ranking].slice(0, config.intentRankingSize), entities };
  }

  /** Sentiment in [-1, 1] a sentiment model would put on the message: the intent's tone, worse after fallbacks. */
  private sentiment(intent: string, confidence: number): number {
    const tone: Record<string, number> = { react_frustrated: -0.7, insult: -0.9, raise_dispute: -0.5, thankyou: 0.8, affirm_happy: 0.9, greet: 0.3, goodbye: 0.1, escalation: -0.3 };
    const value = (tone[intent] ?? 0) - 0.15 * this.fallbacks + 0.2 * (confidence - 0.7) + this.rng.normal(0, 0.15);
    return Math.max(-1, Math.min(1, value));
  }

  private latency(): number {
    const { latency } = this.config;
    const factor = latency.slowChannels.includes(this.d.profile.channel) ? latency.slowChannelFactor : 1;
    return this.rng.logNormal(latency.mu, latency.sigma) * factor;
  }

  private listen(): void {
    this.d.listen(this.rng.logNormal(this.config.thinkTime.mu, this.config.thinkTime.sigma));
  }

  /** The bot's answer to a understood request; returns the further user turns it used (form answers). */
  private story(intent: StoryIntent, budget: number): number {
    const { d, rng } = this;
    this.lastResolved = null;
    const simple = (action: string, template: string, policy = 'TEDPolicy'): number => {
      d.action(action, policy, Math.round(rng.beta(8, 1.5) * 1e4) / 1e4);
      d.bot(template);
      this.listen();
      this.lastResolved = intent;
      return 0;
    };
    switch (intent) {
      case 'order_status':
        return this.form('order_form', [orderNumber], budget, () => {
          d.action('action_check_order_status', 'RulePolicy', 1);
          d.bot('utter_order_status');
        });
      case 'refund_request':
        return this.form('refund_form', [orderNumber, refundReason, confirmation('refund_confirmed', 'utter_ask_refund_confirmed')], budget, (values) => {
          d.action(values.refund_confirmed ? 'action_submit_refund' : 'utter_refund_cancelled', 'RulePolicy', 1);
          d.bot(values.refund_confirmed ? 'utter_refund_submitted' : 'utter_refund_cancelled');
          this.lastResolved = intent;
        });
      case 'plan_change':
        return this.form('plan_form', [planName, confirmation('plan_confirmed', 'utter_ask_plan_confirmed')], budget, (values) => {
          d.action(values.plan_confirmed ? 'action_change_plan' : 'utter_plan_unchanged', 'RulePolicy', 1);
          d.bot(values.plan_confirmed ? 'utter_plan_changed' : 'utter_plan_unchanged');
        });
      case 'billing_issue':
        return simple('action_check_billing', 'utter_billing_help');
      case 'technical_support':
        return simple('action_troubleshoot', 'utter_troubleshoot');
      case 'product_info':
        return simple('utter_product_info', 'utter_product_info');
      case 'smalltalk':
        return simple('utter_smalltalk', 'utter_smalltalk');
      case 'escalation':
        this.handoff = true;
        return simple('action_agent_handoff', 'utter_handoff', 'RulePolicy');
    }
  }

  /**
   * Runs a form: activation, `requested_slot`, one answer per slot (a failed fill sets the slot to null and asks
   * again), deactivation. Stops where the user stops: a form can stay active when the session ends.
   */
  private form(
    name: string,
    slots: FormSlot[],
    budget: number,
    done: (values: Record<string, unknown>) => void,
    failedFill = this.config.probabilities.failedFill,
  ): number {
    const { d, rng } = this;
    const values: Record<string, unknown> = {};
    let used = 0;
    d.action(name, 'RulePolicy', 1);
    d.activeLoop(name);
    d.slot('requested_slot', slots[0]!.name);
    d.bot(slots[0]!.ask);
    this.listen();
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (used < budget - 1 && rng.chance(failedFill)) {
        used++;
        this.say('out_of_scope', { fallback: false });
        d.action(name, 'RulePolicy', 1);
        d.slot(slot.name, null);
        d.slot('requested_slot', slot.name);
        d.bot(slot.ask);
        this.listen();
      }
      if (used >= budget) return used;
      used++;
      const answer = slot.answer(rng);
      this.say(answer.intent, { fallback: false, text: answer.text, entity: answer.entity ? { name: answer.entity, value: answer.value } : undefined });
      values[slot.name] = answer.value;
      d.action(name, 'RulePolicy', 1);
      d.slot(slot.name, answer.value);
      const next = slots[i + 1];
      if (next) {
        d.slot('requested_slot', next.name);
        d.bot(next.ask);
        this.listen();
      } else {
        d.slot('requested_slot', null);
        d.activeLoop(null);
        done(values);
        this.listen();
      }
    }
    return used;
  }

  private frustration(): void {
    const insult = this.rng.chance(0.3);
    if (!this.say(insult ? 'insult' : 'react_frustrated', { fallback: true })) return;
    this.d.action('utter_apologize', 'RulePolicy', 1);
    this.d.bot('utter_apologize');
    if (insult && this.rng.chance(this.config.probabilities.handoffAfterInsult)) {
      this.handoff = true;
      this.d.action('action_handoff', 'RulePolicy', 1);
      this.d.bot('utter_handoff');
    }
    this.listen();
  }

  private restart(): void {
    const { d } = this;
    this.say('restart', { fallback: false, text: '/restart', confidence: 1 });
    d.action('action_restart', 'RulePolicy', 1);
    d.restart();
    d.now += 0.002;
    d.sessionStart();
    d.now += this.rng.logNormal(this.config.thinkTime.mu, this.config.thinkTime.sigma);
    this.lastFallback = false;
    this.lastResolved = null;
  }

  /** Experience score 1–5 from what went wrong and how sure the NLU was. */
  private satisfaction(): number {
    const mean = this.confidences.reduce((a, b) => a + b, 0) / Math.max(1, this.confidences.length);
    const score = 4.3 - 0.8 * this.fallbacks - 0.7 * (this.handoff ? 1 : 0) - 0.5 * this.disputes + 2 * (mean - 0.8) + this.rng.normal(0, 0.6);
    return Math.max(1, Math.min(5, score));
  }

  private closing(feedbackTurns: number): void {
    const { d, rng } = this;
    const score = this.satisfaction();
    const happy = score >= 4;
    const intent = happy ? (rng.chance(0.75) ? 'thankyou' : 'affirm_happy') : 'goodbye';
    this.say(intent, { fallback: false });
    if (feedbackTurns > 0) {
      const csat = Math.round(score);
      const nps = Math.max(0, Math.min(10, Math.round(2.2 * score - 1 + rng.normal(0, 1))));
      const npsSlot: FormSlot = { name: 'nps_score', ask: 'utter_ask_nps_score', answer: () => ({ intent: 'inform', text: String(nps), value: nps, entity: 'number' }) };
      const csatSlot: FormSlot = { name: 'csat_score', ask: 'utter_ask_csat_score', answer: () => ({ intent: 'inform', text: String(csat), value: csat, entity: 'number' }) };
      // The third planned turn, if any, is a failed NPS answer: the form uses exactly the turns planned for it.
      const failedFill = feedbackTurns === 3 ? 1 : 0;
      const thanks = (): void => {
        d.action('utter_thanks_feedback', 'RulePolicy', 1);
        d.bot('utter_thanks_feedback');
      };
      this.form('feedback_form', [npsSlot, csatSlot], feedbackTurns, thanks, failedFill);
      return;
    }
    d.action(happy ? 'utter_you_are_welcome' : 'utter_goodbye', 'RulePolicy', 1);
    d.bot(happy ? 'utter_you_are_welcome' : 'utter_goodbye');
    this.listen();
  }
}
