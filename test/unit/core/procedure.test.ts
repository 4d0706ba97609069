import { describe, expect, it } from 'vitest';
import { asksProcedure, givesProcedure } from '../../../src/core/procedure.ts';
import { words } from '../../../src/core/text.ts';
import { engineOver, makeSource } from './helpers.ts';

const engineOf = (paragraphs: readonly string[]) => engineOver(paragraphs.map((p, i) => makeSource(`s${i}`, p)));

const asks = (q: string): boolean => asksProcedure(words(q));

describe('asksProcedure: questions that ask how to do something or whom to contact', () => {
  it.each([
    'how do i apply for free school meals',
    'How can we appeal the decision?',
    'how to request an assessment',
    'who do i ring about the taxi',
    'where can i find info online',
    "what's the phone number for the send team",
    'email address for my caseworker pls',
    'library opening times',
    'what time does county hall open',
    'how cn u complain',
  ])('"%s" does', (q) => expect(asks(q)).toBe(true));

  it.each([
    'how do i know if the plan is working',
    'how do we tell whether things got better',
    'how long is the wait for an ehcp',
    'how many children have an ehcp',
    'who runs send services',
    'where is the new special school',
    'what time of year is the inspection',
    'the council phoned me',
    'when is the next inspection',
  ])('"%s" does not', (q) => expect(asks(q)).toBe(false));
});

describe('givesProcedure: passages that give guidance or a contact', () => {
  it.each([
    'For information and advice please visit our Local Offer web page',
    'Each team will have its own phone number and email address.',
    'The Postcode Finder Tool is helping families identify their allocated team.',
    'You can request an assessment yourself.',
    'Call 01905 765432 or write to send@example.org.',
    'Families now find a wide range of guidance and signposting to support online.',
  ])('"%s" does', (t) => expect(givesProcedure(t)).toBe(true));

  it.each([
    'Parents applied for an EHCP in March and waited a year.',
    'The council was judged to have widespread and systematic failings.',
    'She said the process was a nightmare.',
  ])('"%s" does not', (t) => expect(givesProcedure(t)).toBe(false));
});

describe('the engine declines a procedural question no passage gives guidance for', () => {
  const reports = [
    'Parents applied for an EHCP assessment in March and said the process took far too long.',
    'Inspectors found that EHCP assessments in the county were late and of poor quality.',
  ];

  it('answers the same words asked as a question about what happened', () => {
    const engine = engineOf(reports);
    expect(engine.ask('did parents say the ehcp assessment took too long').answered).toBe(true);
  });

  it('declines "how do i apply for an ehcp assessment" when no passage says how', () => {
    const engine = engineOf(reports);
    const a = engine.ask('how do i apply for an ehcp assessment');
    expect(a.answered).toBe(false);
    expect(a.answered ? '' : a.reason).toBe('out-of-scope');
  });

  it('answers it once a passage gives guidance', () => {
    const engine = engineOf([...reports, 'You can apply for an EHCP assessment online through the Local Offer web page.']);
    const a = engine.ask('how do i apply for an ehcp assessment');
    expect(a.answered).toBe(true);
    expect(a.answered && a.results[0]?.passage.text).toContain('You can apply');
  });
});
