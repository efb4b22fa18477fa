// Stand-in for the `server-only` guard in tests, which run as server code.
export {};
