import type { BadgeFields } from './fields';

/**
 * One badge format. `parse` returns null when the text is not in its format, else whatever
 * fields it could read (possibly none). It must not throw; the registry guards anyway.
 */
export interface BadgeParser {
  id: string;
  parse(text: string): BadgeFields | null;
}
