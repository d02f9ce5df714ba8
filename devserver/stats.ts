/** Counters behind GET /_dev/stats: API requests by route and token, webhooks, faults. */

/** The counters of one development server process (they start at zero on every start). */
export class Stats {
  total = 0;
  byMethod: Record<string, number> = {};
  byRoute: Record<string, number> = {};
  byToken: Record<string, number> = {};
  byStatus: Record<string, number> = {};
  /** "token METHOD /template": which token spends what. */
  byTokenRoute: Record<string, number> = {};
  webhooksDelivered = 0;
  webhooksFailed = 0;
  webhookAttempts = 0;
  faultsInjected: Record<string, number> = {};

  /** Counts one API request under its method, route template and token name. */
  request(method: string, template: string, token: string, status: number) {
    this.total++;
    inc(this.byMethod, method);
    inc(this.byRoute, `${method} ${template}`);
    inc(this.byToken, token);
    inc(this.byStatus, String(status));
    inc(this.byTokenRoute, `${token} ${method} ${template}`);
  }

  /** Sets every counter back to zero (POST /_dev/reset). */
  reset() {
    Object.assign(this, new Stats());
  }

  /** Counts an injected fault of a kind. */
  fault(kind: string) {
    inc(this.faultsInjected, kind);
  }

  /** The JSON answer of GET /_dev/stats. */
  toJSON<T extends object>(extra: T = {} as T) {
    return {
      requests: {
        total: this.total,
        by_method: this.byMethod,
        by_route: this.byRoute,
        by_token: this.byToken,
        by_status: this.byStatus,
        by_token_route: this.byTokenRoute,
      },
      webhooks: {
        delivered: this.webhooksDelivered,
        failed: this.webhooksFailed,
        attempts: this.webhookAttempts,
      },
      faults_injected: this.faultsInjected,
      ...extra,
    };
  }
}

function inc(map: Record<string, number>, key: string) {
  map[key] = (map[key] ?? 0) + 1;
}
