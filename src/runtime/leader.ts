/**
 * Leader election over a lease in the store: of all replicas that want to do something only one may
 * do (hold the Discord gateway of one token), the one holding the lease does it and the others
 * stand by. The leader renews the lease well before it expires; a standby tries to take it at the
 * same pace, and gets it once the leader has stopped renewing (it died, or lost the database) and
 * the lease has run out. A leader that cannot renew steps down before its lease could have run
 * out, so two leaders never overlap.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Leases, Logger } from "../core/index.js";
import type { ComponentState } from "./health.js";

/** How long a lease lasts without renewal, by default: a standby takes over at most 4/3 of it later. */
export const DEFAULT_LEASE_SECONDS = 15;
/** Shortest lease accepted: renewals every second, and a slow database query must not cost the lease. */
export const MIN_LEASE_SECONDS = 3;
/** Longest lease accepted: with the renewal pace below, a standby takes over within 28 s, under 30 s. */
export const MAX_LEASE_SECONDS = 21;
/**
 * Attempts per lease period. The leader renews three times per period; after two failed renewals
 * in a row, the next could only come after its lease has expired, so it steps down.
 */
const ATTEMPTS_PER_LEASE = 3;

/** A name for this process among replicas: host, process id and a random part (pids repeat in containers). */
export function replicaId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** What `startLeaderElection` takes. */
export interface LeaderElectionOptions {
  leases: Leases;
  /** The lease's name: what only one replica may do. */
  name: string;
  /** This replica's id (see `replicaId`). */
  holder: string;
  leaseMs: number;
  logger: Logger;
  /** Called when this replica becomes the leader; a rejection makes it give the lease up. */
  onElected(): Promise<void>;
  /** Called when it is the leader no longer; the lease may be someone else's already. */
  onDeposed(): Promise<void>;
}

/** A running election. */
export interface LeaderElection {
  /** Whether this replica holds the lease now (as of its last attempt). */
  readonly leading: boolean;
  /** Resolves once the first attempt to take the lease has been made and acted on. */
  readonly settled: Promise<void>;
  /** Stops trying; steps down (calling `onDeposed`) and releases the lease if held. */
  stop(): Promise<void>;
}

/** Starts taking part in the election for `options.name`; the first attempt is made at once. */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const { leases, name, holder, leaseMs, logger } = options;
  const intervalMs = Math.floor(leaseMs / ATTEMPTS_PER_LEASE);
  let leading = false;
  /** Local time until which the lease is surely ours: counted from before the renewal was sent. */
  let validUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  // Starting and stopping the leader's work run one at a time, in order, apart from the renewals,
  // which go on meanwhile: starting may take longer than a lease lasts.
  let transitions: Promise<void> = Promise.resolve();
  const transition = (work: () => Promise<void>) => {
    transitions = transitions.then(work, work);
  };

  const stepDown = (why: string) => {
    if (!leading) return;
    leading = false;
    logger.warn("leader lease: stepping down", { lease: name, reason: why });
    transition(() =>
      options
        .onDeposed()
        .catch((err: unknown) => logger.error("leader lease: stepping down failed", { err })),
    );
  };

  const elected = () => {
    leading = true;
    logger.info("leader lease: taken; this replica leads", { lease: name });
    transition(async () => {
      // Deposed while waiting for its turn: nothing to start.
      if (!leading) return;
      try {
        await options.onElected();
      } catch (err) {
        logger.error("leader lease: could not start as leader; giving the lease up", { lease: name, err });
        leading = false;
        await options.onDeposed().catch(() => {});
        await leases.releaseLease(name, holder).catch(() => {});
      }
    });
  };

  const attempt = async () => {
    const sentAt = Date.now();
    let held: boolean;
    try {
      held = await leases.acquireLease(name, holder, leaseMs);
    } catch (err) {
      logger.warn("leader lease: the store did not answer", { lease: name, err });
      // Still ours only while the next attempt could renew it in time.
      if (leading && Date.now() + intervalMs >= validUntil) stepDown("the lease could not be renewed");
      return;
    }
    if (stopped) {
      if (held && !leading) await leases.releaseLease(name, holder).catch(() => {});
      return;
    }
    if (!held) {
      stepDown("another replica holds the lease");
      return;
    }
    validUntil = sentAt + leaseMs;
    if (!leading) elected();
  };

  const tick = () => {
    timer = undefined;
    current = attempt().finally(() => {
      if (!stopped) timer = setTimeout(tick, intervalMs);
    });
  };

  current = attempt().finally(() => {
    if (!stopped) timer = setTimeout(tick, intervalMs);
  });
  // What start-up waits for: the first attempt and, if it won, the start of the leader's work.
  const settled = current.then(() => transitions);

  return {
    get leading() {
      return leading;
    },
    settled,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
      const wasLeading = leading;
      stepDown("stopping");
      await transitions;
      if (wasLeading) await leases.releaseLease(name, holder).catch(() => {});
    },
  };
}

/** Work that only the leader does, once started: its state, and how it stops. */
export interface LeaderWork {
  state(): ComponentState;
  stop(deadline?: AbortSignal, alsoWait?: Promise<unknown>): Promise<void>;
}

/** What `startLeaderOnly` takes. */
export interface LeaderOnlyOptions extends Omit<LeaderElectionOptions, "onElected" | "onDeposed"> {
  /** Starts the work; a rejection at start-up is start-up's error, later it is `onFatal`'s. */
  start(): Promise<LeaderWork>;
  /** Called when the work cannot be started after start-up: the process cannot do its part. */
  onFatal(message: string): void;
}

/**
 * Runs `start`'s work on the one replica holding the lease `name`, and nowhere else: started when
 * the lease is taken, stopped at once when it is lost. Resolves once the first attempt has been
 * made: with the work started (and ready) if this replica leads, else as a standby. Rejects with
 * `start`'s error, lease released, if this replica leads and the work cannot start.
 */
export async function startLeaderOnly(options: LeaderOnlyOptions): Promise<LeaderWork> {
  const { logger } = options;
  let work: LeaderWork | undefined;
  let starting = false;
  let closing = false;
  let startingUp = true;
  let startUpError: unknown;
  const election = startLeaderElection({
    ...options,
    async onElected() {
      if (closing) return;
      starting = true;
      try {
        work = await options.start();
        logger.info("leader work started", { lease: options.name });
      } catch (err) {
        if (startingUp) startUpError = err;
        else options.onFatal(err instanceof Error ? err.message : String(err));
        throw err;
      } finally {
        starting = false;
      }
    },
    async onDeposed() {
      const stopping = work;
      work = undefined;
      // Another replica may take over as soon as the lease runs out: no draining, stop now.
      await stopping?.stop(AbortSignal.abort());
    },
  });
  await election.settled;
  startingUp = false;
  if (startUpError !== undefined) {
    await election.stop();
    throw startUpError;
  }
  return {
    state() {
      if (work) return work.state();
      if (starting || election.leading) return { up: false, reason: "connecting" };
      return { up: true, detail: "standby" };
    },
    async stop(deadline, alsoWait) {
      closing = true;
      const draining = work;
      work = undefined;
      // The lease stays renewed while the work drains, so no replica takes over mid-answer.
      if (draining) await draining.stop(deadline, alsoWait);
      else if (alsoWait && !deadline?.aborted) {
        const late = deadline
          ? [new Promise((resolve) => deadline.addEventListener("abort", resolve, { once: true }))]
          : [];
        await Promise.race([alsoWait.catch(() => {}), ...late]);
      }
      await election.stop();
    },
  };
}
