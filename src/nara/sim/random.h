// The simulator's own random numbers: a generator and the distributions it draws
// from, written out by hand so that the same seed gives the same numbers — and so
// byte-identical extracts — with any compiler, standard library and machine.
// std:: distributions are implementation-defined and are not used anywhere in sim.
//
// Rng is xoshiro256** (Blackman & Vigna) seeded through splitmix64. Sub-streams are
// derived from the run's seed and a stream key (for example a unit id and a process
// name), so units can be simulated in any order or in parallel and each one still
// sees the same numbers. Log and Exp are nara's own, built from IEEE basic operations
// only (which are exactly rounded everywhere); the sim library is compiled with
// -ffp-contract=off so no fused multiply-add changes a last bit.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace nara::sim {

// splitmix64 step: advances *state and returns the next output.
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 64-bit FNV-1a of a byte string; also used to name sub-streams.
inline uint64_t Fnv1a64(std::string_view bytes, uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// Natural logarithm and exponential, deterministic to the last bit on every IEEE
// machine (error below 2 ulp). Log requires x > 0; Exp saturates outside ±708.
double Log(double x);
double Exp(double x);
// log(k!) for k >= 0 (table below 16, Stirling series above).
double LogFactorial(int64_t k);

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t sm = seed;
    for (uint64_t& word : s_) word = SplitMix64(&sm);
  }
  // A sub-stream of `seed` named by `key` (e.g. "phone/vc_kolla").
  Rng(uint64_t seed, std::string_view key) : Rng(seed ^ (Fnv1a64(key) * 0x9e3779b97f4a7c15ULL)) {}

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }

  // Uniform on [0, 1), 53 random bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform on (0, 1]: safe to take the logarithm of.
  double UniformOpenZero() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  double Uniform(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  // Uniform integer in [0, n) for n >= 1 (multiply-shift; bias below 2^-32 for n < 2^32).
  int64_t Below(int64_t n) { return static_cast<int64_t>((Next() >> 32) * static_cast<uint64_t>(n) >> 32); }
  // Uniform integer in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + Below(hi - lo + 1); }
  bool Bernoulli(double p) { return Uniform() < p; }

  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * Log(UniformOpenZero()); }
  // Standard normal (Marsaglia's polar method; the second value is kept).
  double Normal();
  double Normal(double mean, double sd) { return mean + sd * Normal(); }
  // Log-normal whose logarithm has the given mean and standard deviation.
  double LogNormal(double mu, double sigma) { return Exp(mu + sigma * Normal()); }
  // Poisson with mean >= 0: inversion below 12, PTRS (Hörmann 1993) above.
  int64_t Poisson(double mean);
  // Binomial(n, p): Bernoulli trials for n <= 40, waiting times for small n·p,
  // otherwise the rounded normal approximation clamped to [0, n].
  int64_t Binomial(int64_t n, double p);
  // Index into `weights` (non-negative, not all zero) drawn with probability
  // proportional to its weight.
  int Choose(const double* weights, int n);

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

// Fixed weights prepared for drawing many times: Draw(rng) returns exactly what
// rng->Choose(weights, n) would (the same uniform, the same index, the same rounding)
// with a guide table and a comparison or two instead of a walk over the weights.
//
// Why it is the same: Choose draws u = Uniform() * total, then for i = 0, 1, … returns
// i when its running remainder u_i (u less the weights before i, subtracted one by
// one) is below weights[i]. Each u_i is a non-decreasing function of u (IEEE rounding
// is monotone), so "u_i < weights[i]" holds exactly for u below a threshold T_i,
// found once by bisection over the doubles; Choose returns the first i with
// u < T_i, which is the first i with u < max(T_0..T_i), a search in a sorted array.
class ChoiceTable {
 public:
  // `weights` as for Rng::Choose (non-negative, not all zero).
  ChoiceTable(const double* weights, int n);
  template <size_t N>
  explicit ChoiceTable(const double (&weights)[N]) : ChoiceTable(weights, static_cast<int>(N)) {}
  int Draw(Rng* rng) const {
    const double r = rng->Uniform();
    const double u = r * total_;
    size_t i = guide_[static_cast<size_t>(r * kGuide)];  // exact: kGuide is a power of two
    while (i < bound_.size() && bound_[i] <= u) ++i;
    return i < bound_.size() ? static_cast<int>(i) : fallback_;
  }
  // The weights' sum, added in index order.
  double total() const { return total_; }

 private:
  static constexpr int kGuide = 64;
  double total_ = 0;
  std::vector<double> bound_;            // max(T_0..T_i), non-decreasing
  std::array<uint8_t, kGuide> guide_{};  // the first i whose bound exceeds u at the bucket's lowest r
  int fallback_ = 0;                     // Choose's answer when no bound exceeds u
};

// Poisson draws with a fixed mean below 12 (where Rng::Poisson inverts by sequential
// search): the cumulative probabilities that search adds up are the same for every
// draw, so they are added once here. Draw(rng) returns exactly rng->Poisson(mean).
class PoissonTable {
 public:
  // Requires mean < 12.
  explicit PoissonTable(double mean);
  int64_t Draw(Rng* rng) const {
    if (!positive_) return 0;  // no uniform drawn, as in Rng::Poisson
    const double u = rng->Uniform();
    int64_t k = 0;
    while (k < kLast && u > cumulative_[static_cast<size_t>(k)]) ++k;
    return k;
  }

 private:
  static constexpr int kLast = 200;  // Rng::Poisson's cap on the search
  bool positive_ = false;
  std::array<double, kLast + 1> cumulative_{};
};

}  // namespace nara::sim
