#include "nara/sim/queue.h"

#include <utility>

namespace nara::sim {

void AgentQueue::AddAgent(double on, double off) {
  if (!(off > on)) return;
  heap_.push_back({on, off});
  SiftUp(heap_.size() - 1);
}

void AgentQueue::SiftUp(size_t i) {
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (!(heap_[i].free < heap_[parent].free)) break;
    std::swap(heap_[i], heap_[parent]);
    i = parent;
  }
}

void AgentQueue::SiftDown(size_t i) {
  const size_t n = heap_.size();
  for (;;) {
    size_t smallest = i;
    size_t l = 2 * i + 1, r = l + 1;
    if (l < n && heap_[l].free < heap_[smallest].free) smallest = l;
    if (r < n && heap_[r].free < heap_[smallest].free) smallest = r;
    if (smallest == i) return;
    std::swap(heap_[i], heap_[smallest]);
    i = smallest;
  }
}

void AgentQueue::PopTop() {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) SiftDown(0);
}

double AgentQueue::Serve(double arrival, double service, double latest_start) {
  // FIFO service starts are non-decreasing, so an agent that cannot start this
  // customer before going off duty can never start a later one: drop it.
  while (!heap_.empty()) {
    Agent& top = heap_.front();
    const double start = top.free > arrival ? top.free : arrival;
    if (start >= top.off) {
      PopTop();
      continue;
    }
    if (start > latest_start) return kNever;
    top.free = start + service;
    SiftDown(0);
    return start;
  }
  return kNever;
}

int SlotBook::Remaining(int day) {
  int& r = remaining_[day];
  if (r < 0) {
    r = capacity_ ? capacity_(day) : 0;
    if (r < 0) r = 0;
  }
  return r;
}

int SlotBook::FirstFree(int earliest) {
  const int days = static_cast<int>(remaining_.size());
  if (earliest < 0) earliest = 0;
  int day = earliest < first_free_ ? first_free_ : earliest;
  const bool from_first_free = day == first_free_;
  while (day < days && Remaining(day) == 0) ++day;
  if (from_first_free) first_free_ = day;
  return day < days ? day : -1;
}

int SlotBook::Book(int earliest) {
  const int day = FirstFree(earliest);
  if (day >= 0) --remaining_[day];
  return day;
}

void SlotBook::Take(int day) {
  if (day < 0 || day >= static_cast<int>(remaining_.size())) return;
  if (Remaining(day) > 0) --remaining_[day];
}

void SlotBook::AddSlots(int day, int n) {
  if (day < 0 || day >= static_cast<int>(remaining_.size()) || n <= 0) return;
  remaining_[day] = Remaining(day) + n;
  if (day < first_free_) first_free_ = day;
}

}  // namespace nara::sim
