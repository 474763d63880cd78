export type FeedbackTone = 'green' | 'amber' | 'red' | 'badge';

/** [frequency Hz, start s, duration s] per tone: rising for yes, two beeps for "again", low for no. */
const TONES: Record<FeedbackTone, [number, number, number][]> = {
  green: [
    [880, 0, 0.09],
    [1320, 0.09, 0.12],
  ],
  badge: [[1046, 0, 0.14]],
  amber: [
    [587, 0, 0.12],
    [587, 0.2, 0.12],
  ],
  red: [[196, 0, 0.45]],
};

let audio: AudioContext | null = null;

/** Plays the tone of a scan result. Synthesized, so no sound files ship and nothing loads. */
export function playFeedback(tone: FeedbackTone): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === 'suspended') void audio.resume();
    const now = audio.currentTime;
    for (const [frequency, start, duration] of TONES[tone]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = tone === 'red' ? 'square' : 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, now + start);
      gain.gain.exponentialRampToValueAtTime(0.001, now + start + duration);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + start);
      oscillator.stop(now + start + duration);
    }
  } catch {
    // No audio device: the colour and the text still tell the result.
  }
}
