// AdamW (Loshchilov and Hutter's decoupled weight decay) over Float32Array parameters, with a linear warm-up/decay schedule.

/**
 * PyTorch's torch.optim.AdamW: for each parameter p with gradient g at step t (from 1),
 *
 *   p <- p * (1 - lr * weightDecay)                      (decoupled decay; biases are given weightDecay 0)
 *   m <- b1 m + (1 - b1) g,   v <- b2 v + (1 - b2) g^2
 *   p <- p - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
 */
export class AdamW {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    private readonly params: readonly Float32Array[],
    private readonly decay: readonly number[],
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = params.map((p) => new Float32Array(p.length));
    this.v = params.map((p) => new Float32Array(p.length));
  }

  /** One update with learning rate `lr` from the gradients (same order and sizes as the parameters). */
  step(grads: readonly Float32Array[], lr: number): void {
    this.t++;
    const { beta1: b1, beta2: b2, eps } = this;
    const c1 = 1 - b1 ** this.t;
    const c2 = 1 - b2 ** this.t;
    this.params.forEach((p, k) => {
      const g = grads[k];
      const m = this.m[k];
      const v = this.v[k];
      const shrink = 1 - lr * this.decay[k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        m[i] = b1 * m[i] + (1 - b1) * gi;
        v[i] = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] = p[i] * shrink - (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    });
  }
}

/**
 * Hugging Face's get_linear_schedule_with_warmup: the rate rises linearly to `peak` over the first `warmup`
 * steps, then falls linearly to 0 at step `total`. `step` counts from 0; step s < warmup uses peak (s + 1) / warmup
 * (Hugging Face's uses peak s / warmup, which spends the first step at rate 0).
 */
export function linearWarmupDecay(step: number, peak: number, warmup: number, total: number): number {
  if (step < warmup) return (peak * (step + 1)) / Math.max(1, warmup);
  return peak * Math.max(0, (total - step) / Math.max(1, total - warmup));
}
