// Why a model chose a class: the words that pushed it and, for models that read several inputs, each one's share (type-only, read by the web page too).

/** One term's pull towards a class: positive pushes towards it. */
export interface TermContribution {
  term: string;
  weight: number;
}

export interface Explanation {
  /** The class explained. */
  code: number;
  /** Terms of the input that pushed the decision, strongest first. */
  terms: TermContribution[];
  /** Share of the decision owed to each modality, for models that use several. */
  modalities?: { text: number; image: number };
}
