#!/usr/bin/python3
"""SimPy's side of bench/peers/run: the simulator's queueing kernel model
(sim::AgentQueue on the Erlang C validation case: Poisson arrivals of 100 calls per
30 minutes, exponential handling with mean 180 s, 14 agents, first come first served)
as a SimPy process model.

    /usr/bin/python3 simpy_queue.py CALLS RUNS

Prints "queue,<run>,<calls>,<events>,<seconds>,<p_wait>,<mean_wait>" per run, as
nara_peer queue does. Events are counted the same way for both: one arrival and one
departure per call (SimPy schedules more internal events than that). Works with the
SimPy 2 API (Debian 12's python3-simpy 2.3) and with SimPy 3 or later."""
import random
import sys
import time

LAMBDA = 100.0 / 1800.0
MEAN_SERVICE = 180.0
AGENTS = 14


def run_simpy2(calls, seed):
    import SimPy.Simulation as S
    sim = S.Simulation()
    sim.initialize()
    agents = S.Resource(capacity=AGENTS, sim=sim)
    rng = random.Random(seed)
    stats = [0, 0.0]  # waited, total wait

    class Call(S.Process):
        def run(self, service):
            arrival = self.sim.now()
            yield S.request, self, agents
            wait = self.sim.now() - arrival
            if wait > 0:
                stats[0] += 1
            stats[1] += wait
            yield S.hold, self, service
            yield S.release, self, agents

    class Source(S.Process):
        def run(self):
            for _ in range(calls):
                yield S.hold, self, rng.expovariate(LAMBDA)
                c = Call(sim=self.sim)
                self.sim.activate(c, c.run(rng.expovariate(1.0 / MEAN_SERVICE)))

    src = Source(sim=sim)
    sim.activate(src, src.run())
    sim.simulate(until=1e18)
    return stats


def run_simpy3(calls, seed):
    import simpy
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    rng = random.Random(seed)
    stats = [0, 0.0]

    def call(service):
        arrival = env.now
        with agents.request() as req:
            yield req
            wait = env.now - arrival
            if wait > 0:
                stats[0] += 1
            stats[1] += wait
            yield env.timeout(service)

    def source():
        for _ in range(calls):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(call(rng.expovariate(1.0 / MEAN_SERVICE)))

    env.process(source())
    env.run()
    return stats


def main():
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    try:
        import SimPy.Simulation  # noqa: F401
        kernel = run_simpy2
    except ImportError:
        kernel = run_simpy3
    for run in range(1, runs + 1):
        t0 = time.perf_counter()
        waited, total = kernel(calls, 12345 + run)
        s = time.perf_counter() - t0
        print(f"queue,{run},{calls},{2 * calls},{s:.6f},{waited / calls:.5f},{total / calls:.4f}", flush=True)


if __name__ == "__main__":
    main()
