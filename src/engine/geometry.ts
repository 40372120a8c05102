/** A point of the plane in metres: east (xM) and north (yM) of the area's corner. */
export interface Position {
  xM: number;
  yM: number;
}

/** Everything known about a moving user at one instant: place, speed and path length. */
export interface MotionSample {
  x: number;
  y: number;
  /** Speed in m/s. */
  speedMps: number;
  /** Length of the path travelled since t = 0, in metres (shadowing and Doppler use it). */
  travelledM: number;
}

/**
 * What the channel reads of a user's movement. Mobility models implement
 * it; radio/ sees only this, so the channel knows nothing of how users move.
 */
export interface Motion {
  readonly name: string;
  /** Fills `out` with position, speed and travelled distance at t (s); returns it. */
  sample(t: number, out: MotionSample): MotionSample;
}
