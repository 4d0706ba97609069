/**
 * Personal details in a parent's question: children's and other private people's names, school
 * names, e-mail addresses, phone numbers, Discord mentions, NHS numbers, postcodes and dates of birth. The bot answers such a question
 * privately, asks the engine without them, and keeps only the redacted text in the review queue.
 *
 * Names are found with the `compromise` library (its lexicon of given names and its tagger), then
 * checked against what this collection calls ordinary: a "name" that is a word of the knowledge
 * base, of its vocabulary or glossary, or a person the knowledge base itself names (a public
 * figure such as the cabinet member it quotes), is not a personal detail. Schools, e-mail
 * addresses, phone numbers and mentions are found by general rules.
 *
 * What is caught:
 * - names written with a capital ("Jayden", "Mrs Patel", "Amelia-Rose Smith-Jones"), except as the
 *   first word of a sentence, where only a word the lexicon knows just as a given name counts;
 * - names written in lower case when the lexicon knows the word only as a given name ("my son
 *   jayden"), not words that are also ordinary words ("grace", "mark", "foster");
 * - any capitalised word straight after "my son", "our daughter", "my 6yo lad" and the like, and
 *   after "called" or "named" ("my daughter May");
 * - school names: capitalised words followed by School, Primary, Academy, College, High, Nursery,
 *   Infants, Juniors, Grammar, First School, Middle School, C of E, CE, RC, ...; and "St Mary's ..."
 *   (also written "st marys"). School names wholly in lower case ("bishop perowne school") when
 *   a word of the name is not of the collection, not common English, not a place and not a
 *   misspelling of one ("specail school" is not a school); see `lowerCaseSchoolSpans`;
 * - NHS numbers that pass the check digit, or any ten digits called an NHS number; whole postcodes
 *   in any case ("WR1 2AB", "wr12ab"); dates of birth: a date naming its day after "born", "dob",
 *   "birthday" ("born 3/4/2015", "dob 03.04.15", "his birthday is 4 march 2015").
 *
 * Privacy fails closed: a rule that throws leaves the result unchecked (`checked: false`), and
 * callers treat it as sensitive (`isSensitive`).
 *
 * Pure: no I/O. This module loads `compromise` (tens of megabytes), so only the bot imports it;
 * the engine and the command-line `ask` do not.
 */
export { DETECTION_RULES, findPersonalDetails, type DetectionRule, type RuleInput } from './detect.ts';
export { adoptPublicNames, preparePublicNames, publicNames } from './public-names.ts';
export { isSensitive, type PersonalDetailKind, type PersonalDetails } from './types.ts';
