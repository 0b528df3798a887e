// ParallelFor: independent pieces of work spread over the machine's cores.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace nara {

// Runs f(0) … f(n - 1), each exactly once, on up to hardware_concurrency() threads
// (the calling thread is one of them); returns when all are done. Pieces are handed
// out in order as threads become free, so put the largest first when sizes differ.
template <typename F>
void ParallelFor(size_t n, F&& f) {
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned threads = static_cast<unsigned>(std::min<size_t>(cores, n));
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) f(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();
}

}  // namespace nara
