// `PROFILES` and `ALGORITHMS`, the names of the output profiles and of the signature
// algorithms. The names come from the Rust core (`Profile::ALL`, `Algorithm::ALL`): the
// wasm start function fills these arrays once, when the module is initialized (at require
// time in Node, in `await init()` in browsers), then they are frozen.

/** Names of the output profiles, default (`"jcs"`) first. */
export const PROFILES = [];

/** Names of the signature algorithms (RFC 9421 names). */
export const ALGORITHMS = [];

function fill(target, names) {
  if (!Object.isFrozen(target)) {
    target.push(...names);
    Object.freeze(target);
  }
}

export function setProfiles(names) {
  fill(PROFILES, names);
}

export function setAlgorithms(names) {
  fill(ALGORITHMS, names);
}

/** Names of the causes `explain` reports (`Cause::ALL` of the core), filled the same way. */
export const CAUSES = [];

export function setCauses(names) {
  fill(CAUSES, names);
}
