export function postgresBin(): string | null;
export function startThrowawayPostgres(): Promise<{ url: string; stop: () => void }>;
