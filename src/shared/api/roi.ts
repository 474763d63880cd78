import type { EventRoi } from '../intelligence';

/** `GET /events/:id/roi`: what one event gave for what it cost. */
export interface EventRoiResponse {
  eventId: string;
  name: string;
  startsOn: string;
  roi: EventRoi;
}

/** `GET /events/roi`: every event, newest first, to compare them side by side. */
export interface EventsRoiResponse {
  events: EventRoiResponse[];
}
