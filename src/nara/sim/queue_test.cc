#include "nara/sim/queue.h"

#include <gtest/gtest.h>

#include <cmath>

#include "nara/sim/random.h"

namespace nara::sim {
namespace {

// Erlang C: probability that a call waits with `agents` servers and `load` Erlangs.
double ErlangC(int agents, double load) {
  double term = 1, sum = 1;  // k = 0
  for (int k = 1; k < agents; ++k) {
    term *= load / k;
    sum += term;
  }
  const double last = term * load / agents * agents / (agents - load);
  return last / (sum + last);
}

// The queueing kernel against Erlang C: 100 calls per 30 minutes, mean handling
// 180 s (exponential), 14 agents, answer target 20 s. Theory: P(wait) 0.1741,
// 88.84 % answered within 20 s, mean wait 7.84 s. Two million calls keep the
// simulation error well inside the tolerances.
TEST(SimQueue, AgentQueueMatchesErlangC) {
  const double lambda = 100.0 / 1800.0, mean_service = 180.0, target = 20.0;
  const int agents = 14;
  const double load = lambda * mean_service;
  const double p_wait = ErlangC(agents, load);
  const double rate = agents / mean_service - lambda;
  const double within = 1.0 - p_wait * std::exp(-rate * target);
  const double mean_wait = p_wait / rate;
  EXPECT_NEAR(p_wait, 0.1741, 0.0001);
  EXPECT_NEAR(within, 0.8884, 0.0001);
  EXPECT_NEAR(mean_wait, 7.84, 0.005);

  AgentQueue queue;
  for (int a = 0; a < agents; ++a) queue.AddAgent(0, AgentQueue::kNever);
  Rng rng(12345);
  const int calls = 2000000;
  double t = 0, total_wait = 0;
  int waited = 0, in_target = 0;
  for (int i = 0; i < calls; ++i) {
    t += rng.Exponential(1.0 / lambda);
    const double start = queue.Serve(t, rng.Exponential(mean_service));
    const double wait = start - t;
    total_wait += wait;
    if (wait > 0) ++waited;
    if (wait <= target) ++in_target;
  }
  EXPECT_NEAR(waited / static_cast<double>(calls), 0.1741, 0.004);
  EXPECT_NEAR(in_target / static_cast<double>(calls), 0.8884, 0.003);
  EXPECT_NEAR(total_wait / calls, 7.84, 0.25);
}

TEST(SimQueue, AgentsOffDutyDoNotStartCalls) {
  AgentQueue queue;
  queue.AddAgent(100, 200);
  EXPECT_EQ(queue.Serve(50, 60), 100);                  // waits for the agent to come on duty
  EXPECT_EQ(queue.Serve(120, 100), 160);                // starts before going off duty, runs past it
  EXPECT_EQ(queue.Serve(170, 10), AgentQueue::kNever);  // the agent is busy until 260 > 200
  EXPECT_EQ(queue.agents(), 0);
}

TEST(SimQueue, ImpatientCustomersLeaveWithoutTakingTheAgent) {
  AgentQueue queue;
  queue.AddAgent(0, 1000);
  EXPECT_EQ(queue.Serve(0, 100), 0);
  EXPECT_EQ(queue.Serve(10, 100, 50), AgentQueue::kNever);  // would start at 100, leaves at 50
  EXPECT_EQ(queue.Serve(20, 100), 100);
}

TEST(SimQueue, SlotBookTakesTheEarliestFreeDay) {
  SlotBook book(10, [](int day) { return day % 7 >= 5 ? 0 : 2; });  // weekends closed
  EXPECT_EQ(book.Book(0), 0);
  EXPECT_EQ(book.Book(0), 0);
  EXPECT_EQ(book.Book(0), 1);
  EXPECT_EQ(book.Book(4), 4);
  EXPECT_EQ(book.Book(4), 4);
  EXPECT_EQ(book.Book(4), 7);  // 5 and 6 are closed
  book.Take(1);
  EXPECT_EQ(book.Book(1), 2);
  for (int i = 0; i < 20; ++i) book.Book(0);
  EXPECT_EQ(book.Book(0), -1);
}

TEST(SimQueue, SlotBookFirstFreeLooksWithoutBooking) {
  SlotBook book(3, [](int) { return 1; });
  EXPECT_EQ(book.FirstFree(0), 0);
  EXPECT_EQ(book.FirstFree(0), 0);
  EXPECT_EQ(book.Book(0), 0);
  EXPECT_EQ(book.FirstFree(0), 1);
  EXPECT_EQ(book.FirstFree(2), 2);
  book.Book(1);
  book.Book(2);
  EXPECT_EQ(book.FirstFree(0), -1);
}

}  // namespace
}  // namespace nara::sim
