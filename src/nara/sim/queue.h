// Queueing kernels of the simulation. The care-guarantee outcomes of the synthetic
// region (phone contact the same day, medical assessment within three days, chat
// waiting time, dental exams on time) are not drawn from probabilities: they come out
// of demand meeting capacity in these queues.
//
//   AgentQueue  first-come first-served service by a pool of agents, each on duty in
//               one window (phone call-back, chat). Validated against Erlang C.
//   SlotBook    appointments booked into the earliest day with a free slot
//               (medical assessments).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace nara::sim {

// A FIFO queue served by agents. Customers must be offered in order of arrival;
// each starts with the agent that can take it first. An agent takes a customer only
// if the service starts before the agent goes off duty; it then finishes the
// service even past that time. Times are seconds on any common clock.
class AgentQueue {
 public:
  static constexpr double kNever = 1e300;

  void Clear() { heap_.clear(); }
  // An agent on duty from `on` until `off`.
  void AddAgent(double on, double off);
  int agents() const { return static_cast<int>(heap_.size()); }

  // Offers the next customer (arrival not earlier than the previous one's). Returns
  // the service start, or kNever when no agent can start it by `latest_start`
  // (the customer then leaves this queue and holds no agent). `service` is the
  // agent's time spent on it.
  double Serve(double arrival, double service, double latest_start = kNever);

 private:
  struct Agent {
    double free;  // the agent is next free at this time (never before `on`)
    double off;
  };
  void SiftDown(size_t i);
  void SiftUp(size_t i);
  void PopTop();
  std::vector<Agent> heap_;  // min-heap on `free`
};

// Appointments booked into days with limited slots: a request takes the earliest
// day on or after its first allowed day that still has a free slot. Days are indexes
// 0..days-1; a day's capacity is asked from `capacity` the first time the book looks
// at it (so capacity may depend on what is known then: staffing, vacations).
class SlotBook {
 public:
  using CapacityFn = std::function<int(int day)>;
  SlotBook() = default;
  SlotBook(int days, CapacityFn capacity) : remaining_(days, -1), capacity_(std::move(capacity)) {}

  // Books a slot on the earliest day >= `earliest` with room; returns that day, or
  // -1 when there is none before the end of the book.
  int Book(int earliest);
  // The day Book(earliest) would book, without booking it (-1: none).
  int FirstFree(int earliest);
  // Books on exactly `day` without regard to capacity (a patient's chosen date);
  // the slot is taken if one is free.
  void Take(int day);
  // Opens `n` extra slots on `day` (overtime).
  void AddSlots(int day, int n);

 private:
  int Remaining(int day);
  std::vector<int> remaining_;  // -1 = not yet opened
  CapacityFn capacity_;
  int first_free_ = 0;  // every day before this one is full
};

}  // namespace nara::sim
