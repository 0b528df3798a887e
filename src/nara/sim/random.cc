#include "nara/sim/random.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace nara::sim {
namespace {

// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrt2 = 1.41421356237309514547e+00;

}  // namespace

double Log(double x) {
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = static_cast<int>((bits >> 52) & 0x7ff);
  if (e == 0) {  // subnormal: scale into the normal range first
    x *= 0x1.0p54;
    std::memcpy(&bits, &x, sizeof bits);
    e = static_cast<int>((bits >> 52) & 0x7ff) - 54;
  }
  e -= 1023;
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > kSqrt2) {
    m *= 0.5;
    ++e;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
  const double s = (m - 1.0) / (m + 1.0);
  const double z = s * s;
  double series = 2.0 / 21.0;
  series = 2.0 / 19.0 + z * series;
  series = 2.0 / 17.0 + z * series;
  series = 2.0 / 15.0 + z * series;
  series = 2.0 / 13.0 + z * series;
  series = 2.0 / 11.0 + z * series;
  series = 2.0 / 9.0 + z * series;
  series = 2.0 / 7.0 + z * series;
  series = 2.0 / 5.0 + z * series;
  series = 2.0 / 3.0 + z * series;
  const double r = s * 2.0 + s * z * series;
  const double k = static_cast<double>(e);
  return k * kLn2Hi + (k * kLn2Lo + r);
}

double Exp(double x) {
  if (x > 708.0) return std::ldexp(1.0, 1022) * 2.0;  // saturate near DBL_MAX
  if (x < -708.0) return 0.0;
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= 0.347
  // Taylor series to r^14 / 14!, error below 1e-17 on |r| <= 0.35.
  double p = 1.0 / 87178291200.0;
  p = 1.0 / 6227020800.0 + r * p;
  p = 1.0 / 479001600.0 + r * p;
  p = 1.0 / 39916800.0 + r * p;
  p = 1.0 / 3628800.0 + r * p;
  p = 1.0 / 362880.0 + r * p;
  p = 1.0 / 40320.0 + r * p;
  p = 1.0 / 5040.0 + r * p;
  p = 1.0 / 720.0 + r * p;
  p = 1.0 / 120.0 + r * p;
  p = 1.0 / 24.0 + r * p;
  p = 1.0 / 6.0 + r * p;
  p = 0.5 + r * p;
  p = 1.0 + r * p;
  p = 1.0 + r * p;
  // p × 2^k with 2^k built from its bits (|k| <= 1021 here, so 2^k and the product
  // are normal and the product is exact: the same value std::ldexp returns, without
  // a library call).
  const uint64_t scale_bits = static_cast<uint64_t>(static_cast<int64_t>(k) + 1023) << 52;
  double scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  return p * scale;
}

double LogFactorial(int64_t k) {
  static constexpr double kTable[16] = {
      0.0,
      0.0,
      0.69314718055994530942,
      1.79175946922805500081,
      3.17805383034794561965,
      4.78749174278204599425,
      6.57925121201010099506,
      8.52516136106541430017,
      10.60460290274525022842,
      12.80182748008146961121,
      15.10441257307551529523,
      17.50230784587388583929,
      19.98721449566188614952,
      22.55216385312342288557,
      25.19122118273868150009,
      27.89927138384089156609,
  };
  if (k < 16) return kTable[k < 0 ? 0 : k];
  // Stirling: log n! = (n + 1/2) log n - n + log(2 pi) / 2 + 1/(12n) - 1/(360n^3) + 1/(1260n^5).
  const double n = static_cast<double>(k);
  const double inv = 1.0 / n;
  const double inv2 = inv * inv;
  return (n + 0.5) * Log(n) - n + 0.91893853320467274178 +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0)));
}

double Rng::Normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * Uniform() - 1.0;
    v = 2.0 * Uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double f = std::sqrt(-2.0 * Log(s) / s);  // sqrt is exactly rounded (IEEE)
  spare_normal_ = v * f;
  has_spare_ = true;
  return u * f;
}

int64_t Rng::Poisson(double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean < 12.0) {
    // Inversion by sequential search from 0.
    double p = Exp(-mean);
    double cumulative = p;
    const double u = Uniform();
    int64_t k = 0;
    while (u > cumulative && k < 200) {
      ++k;
      p *= mean / static_cast<double>(k);
      cumulative += p;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (W. Hörmann, 1993).
  const double slam = std::sqrt(mean);
  const double loglam = Log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const int64_t k = static_cast<int64_t>(std::floor((2.0 * a / us + b) * u + mean + 0.43));
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (v == 0.0) continue;
    if (Log(v) + Log(invalpha) - Log(a / (us * us) + b) <=
        -mean + static_cast<double>(k) * loglam - LogFactorial(k)) {
      return k;
    }
  }
}

int64_t Rng::Binomial(int64_t n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  if (n <= 40) {
    int64_t k = 0;
    for (int64_t i = 0; i < n; ++i) k += Uniform() < p ? 1 : 0;
    return k;
  }
  const bool flip = p > 0.5;
  const double q = flip ? 1.0 - p : p;
  int64_t k;
  if (static_cast<double>(n) * q < 20.0) {
    // Waiting times: the gaps between successes are geometric.
    const double log_q = Log(1.0 - q);
    k = 0;
    int64_t position = 0;
    for (;;) {
      position += static_cast<int64_t>(std::floor(Log(UniformOpenZero()) / log_q)) + 1;
      if (position > n) break;
      ++k;
    }
  } else {
    const double mean = static_cast<double>(n) * q;
    const double sd = std::sqrt(mean * (1.0 - q));
    k = static_cast<int64_t>(std::floor(Normal(mean, sd) + 0.5));
    if (k < 0) k = 0;
    if (k > n) k = n;
  }
  return flip ? n - k : k;
}

int Rng::Choose(const double* weights, int n) {
  double total = 0;
  for (int i = 0; i < n; ++i) total += weights[i];
  double u = Uniform() * total;
  for (int i = 0; i < n; ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  for (int i = n - 1; i >= 0; --i) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

PoissonTable::PoissonTable(double mean) : positive_(mean > 0.0) {
  if (!positive_) return;
  // The sums of Rng::Poisson's search, in its order.
  double p = Exp(-mean);
  double cumulative = p;
  cumulative_[0] = cumulative;
  for (int64_t k = 1; k <= kLast; ++k) {
    p *= mean / static_cast<double>(k);
    cumulative += p;
    cumulative_[static_cast<size_t>(k)] = cumulative;
  }
}

ChoiceTable::ChoiceTable(const double* weights, int n) {
  for (int i = 0; i < n; ++i) total_ += weights[i];
  // Choose's running remainder before weight i, for a drawn u.
  auto remainder = [&](int i, double u) {
    for (int j = 0; j < i; ++j) u -= weights[j];
    return u;
  };
  auto bits = [](double x) {
    uint64_t b;
    std::memcpy(&b, &x, sizeof b);
    return b;
  };
  auto value = [](uint64_t b) {
    double x;
    std::memcpy(&x, &b, sizeof x);
    return x;
  };
  // u is drawn in [0, total] (a product rounded up to total is possible); non-negative
  // doubles are ordered as their bit patterns.
  double highest = 0;
  for (int i = 0; i < n; ++i) {
    double threshold = std::numeric_limits<double>::infinity();
    if (remainder(i, total_) >= weights[i]) {
      uint64_t lo = 0, hi = bits(total_);  // the smallest u where "u_i < weights[i]" fails
      while (lo < hi) {
        const uint64_t mid = lo + (hi - lo) / 2;
        if (remainder(i, value(mid)) >= weights[i]) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      threshold = value(lo);
    }
    highest = std::max(highest, threshold);
    bound_.push_back(highest);
  }
  for (int b = 0; b < kGuide; ++b) {
    const double u = static_cast<double>(b) / kGuide * total_;
    guide_[static_cast<size_t>(b)] =
        static_cast<uint8_t>(std::upper_bound(bound_.begin(), bound_.end(), u) - bound_.begin());
  }
  fallback_ = 0;
  for (int i = n - 1; i >= 0; --i) {
    if (weights[i] > 0) {
      fallback_ = i;
      break;
    }
  }
}

}  // namespace nara::sim
