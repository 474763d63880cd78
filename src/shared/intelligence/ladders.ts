/**
 * The grade and stage ladders on their own, importing nothing: the pool app's customers list
 * needs the words, not the scoring code and the schemas that come with it.
 */

/** Better first: 'grade ≤ B' means A or B. */
export const GRADES = ['A', 'B', 'C', 'D'] as const;
export type Grade = (typeof GRADES)[number];

export const STAGES = ['RL', 'MQL', 'SAL', 'SQL', 'nurture', 'disqualified'] as const;
export type Stage = (typeof STAGES)[number];
