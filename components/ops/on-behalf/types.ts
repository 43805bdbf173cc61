// What the "Act for the traveler" page hands its forms: the booking's items and travelers, plainly.
export type ActItem = { id: string; title: string };
export type ActTraveler = { index: number; firstName: string; lastName: string };
