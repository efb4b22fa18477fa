import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openOwnDatabase } from "@/scripts/test-support/database";
import { poll } from "@/scripts/test-support/kafka-consume";
import { runUnderLease, tryLease } from "./lease";

// Leases on the real PostgreSQL: one winner in a race, renewal by the holder, and the take-over
// when the holder stops renewing (its database gone, as when its process dies), with the work
// never running on two holders at once.
let database: Awaited<ReturnType<typeof openOwnDatabase>>;

beforeAll(async () => {
  database = await openOwnDatabase("meshport_it_lease");
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe("leases", () => {
  it("gives a free lease to exactly one of many racing holders, and renews it only for the holder", async () => {
    const won = await Promise.all(
      Array.from({ length: 12 }, (_, i) => tryLease(database.prisma, "race", `holder-${i}`, 5000)),
    );
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = `holder-${won.indexOf(true)}`;
    expect(await tryLease(database.prisma, "race", winner, 5000)).toBe(true);
    expect(await tryLease(database.prisma, "race", "someone-else", 5000)).toBe(false);
    const row = await database.prisma.backgroundLease.findUniqueOrThrow({ where: { name: "race" } });
    expect(row.holder).toBe(winner);
  });

  it("moves to the other holder within the lease time plus a renewal when the holder stops renewing", async () => {
    const ttlMs = 1500;
    let running = 0;
    let maxRunning = 0;
    const started: string[] = [];
    const work = (name: string) => ({
      start: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        started.push(name);
      },
      stop: async () => {
        running--;
      },
    });
    let aliveA = true;
    const stopA = runUnderLease(
      async () => {
        if (!aliveA) throw new Error("connection lost");
        return database.prisma;
      },
      "takeover",
      work("A"),
      { holder: "A", ttlMs },
    );
    await poll(
      async () => started.length,
      (n) => n === 1,
      10_000,
      20,
    );
    const stopB = runUnderLease(async () => database.prisma, "takeover", work("B"), {
      holder: "B",
      ttlMs,
    });
    // B keeps trying while A renews: it never starts.
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 2));
    expect(started).toEqual(["A"]);

    // A's database goes away: A stops its work at its next renewal, B takes the lapsed lease.
    const lost = Date.now();
    aliveA = false;
    await poll(
      async () => started.length,
      (n) => n === 2,
      10_000,
      20,
    );
    const movedMs = Date.now() - lost;
    expect(started).toEqual(["A", "B"]);
    // The lease time plus a renewal, and a second of slack for timers and round trips on a busy
    // machine (the bound is about the lease, not the machine).
    expect(movedMs).toBeLessThanOrEqual(ttlMs + ttlMs / 3 + 1000);
    expect(maxRunning).toBe(1);
    const row = await database.prisma.backgroundLease.findUniqueOrThrow({ where: { name: "takeover" } });
    expect(row.holder).toBe("B");

    // A clean stop gives the lease up at once.
    await stopB();
    expect(await database.prisma.backgroundLease.count({ where: { name: "takeover" } })).toBe(0);
    await stopA();
    expect(running).toBe(0);
  });

  it("keeps renewing while the work is slow to start, so nobody else takes it meanwhile", async () => {
    const ttlMs = 1200;
    let startedA = false;
    let release: () => void = () => undefined;
    const stopA = runUnderLease(
      async () => database.prisma,
      "slow-start",
      {
        // Starting takes three lease times (a consumer connecting to a broker that is down).
        start: () =>
          new Promise<void>((resolve) => {
            release = () => {
              startedA = true;
              resolve();
            };
          }),
        stop: async () => undefined,
      },
      { holder: "A", ttlMs },
    );
    await poll(
      () => database.prisma.backgroundLease.count({ where: { name: "slow-start", holder: "A" } }),
      (n) => n === 1,
      10_000,
      20,
    );
    let startedB = false;
    const stopB = runUnderLease(
      async () => database.prisma,
      "slow-start",
      {
        start: async () => {
          startedB = true;
        },
        stop: async () => undefined,
      },
      { holder: "B", ttlMs },
    );
    await new Promise((resolve) => setTimeout(resolve, ttlMs * 3));
    const row = await database.prisma.backgroundLease.findUniqueOrThrow({ where: { name: "slow-start" } });
    expect({ holder: row.holder, startedB }).toEqual({ holder: "A", startedB: false });
    release();
    await stopA();
    expect(startedA).toBe(true);
    // Released: B takes it at its next try.
    await poll(
      async () => startedB,
      (b) => b,
      10_000,
      20,
    );
    await stopB();
  });
});
