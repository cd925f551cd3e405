// JSON values as model folders store them and the API sends them (types only, so the web page can read them too).

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
