// `PROFILES`, the names of the output profiles. The names come from the Rust core
// (`Profile::ALL`): the wasm start function fills this array once, when the module is
// initialized (at require time in Node, in `await init()` in browsers), then it is frozen.

/** Names of the output profiles, default (`"jcs"`) first. */
export const PROFILES = [];

export function setProfiles(names) {
  if (!Object.isFrozen(PROFILES)) {
    PROFILES.push(...names);
    Object.freeze(PROFILES);
  }
}
