#include "nara/sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace nara::sim {
namespace {

TEST(SimRandom, LogAndExpMatchTheLibraryClosely) {
  for (double x : {1e-300, 1e-10, 0.001, 0.5, 0.7071, 1.0, 1.4142, 2.0, 10.0, 12345.678, 1e300}) {
    EXPECT_NEAR(Log(x), std::log(x), 4e-16 * std::max(1.0, std::fabs(std::log(x)))) << x;
  }
  for (double x : {-700.0, -20.0, -1.0, -1e-8, 0.0, 1e-8, 0.3, 1.0, 5.5, 100.0, 700.0}) {
    EXPECT_NEAR(Exp(x) / std::exp(x), 1.0, 4e-16) << x;
  }
  EXPECT_NEAR(LogFactorial(20), std::lgamma(21.0), 1e-12);
  EXPECT_NEAR(LogFactorial(1000), std::lgamma(1001.0), 1e-9);
}

TEST(SimRandom, SameSeedSameNumbersAndKnownFirstOutputs) {
  Rng a(42), b(42), c(43);
  EXPECT_EQ(a.Next(), b.Next());
  EXPECT_NE(Rng(42).Next(), c.Next());
  // Pinned so that a change of the generator is noticed (it changes every extract).
  Rng pinned(1);
  EXPECT_EQ(pinned.Next(), 0xb3f2af6d0fc710c5ULL);
  Rng s1(7, "phone/vc_kolla"), s2(7, "phone/vc_onsala");
  EXPECT_NE(s1.Next(), s2.Next());
}

// Mean and variance of `n` draws.
template <typename F>
std::pair<double, double> Moments(int n, F draw) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, sum2 / n - mean * mean};
}

TEST(SimRandom, DistributionsHaveTheirMoments) {
  Rng rng(2024);
  const int n = 400000;
  auto [um, uv] = Moments(n, [&] { return rng.Uniform(); });
  EXPECT_NEAR(um, 0.5, 0.003);
  EXPECT_NEAR(uv, 1.0 / 12, 0.001);
  auto [em, ev] = Moments(n, [&] { return rng.Exponential(3.0); });
  EXPECT_NEAR(em, 3.0, 0.03);
  EXPECT_NEAR(ev, 9.0, 0.3);
  auto [nm, nv] = Moments(n, [&] { return rng.Normal(); });
  EXPECT_NEAR(nm, 0.0, 0.005);
  EXPECT_NEAR(nv, 1.0, 0.01);
  for (double lambda : {0.3, 4.0, 11.9, 12.0, 45.0, 1000.0}) {
    auto [pm, pv] = Moments(n, [&] { return static_cast<double>(rng.Poisson(lambda)); });
    EXPECT_NEAR(pm, lambda, 0.01 * lambda + 0.005) << lambda;
    EXPECT_NEAR(pv, lambda, 0.03 * lambda + 0.005) << lambda;
  }
  for (const auto& [trials_, p_] :
       std::vector<std::pair<int64_t, double>>{{10, 0.3}, {200, 0.02}, {500, 0.5}, {1000, 0.97}}) {
    const int64_t trials = trials_;  // named copies: clang 14 lambdas cannot capture bindings
    const double p = p_;
    auto [bm, bv] = Moments(n, [&] { return static_cast<double>(rng.Binomial(trials, p)); });
    EXPECT_NEAR(bm, trials * p, 0.01 * trials * p + 0.01) << trials << " " << p;
    EXPECT_NEAR(bv, trials * p * (1 - p), 0.05 * trials * p * (1 - p) + 0.01) << trials << " " << p;
  }
}

TEST(SimRandom, PoissonSmallMeanHasTheRightProbabilities) {
  Rng rng(5);
  const int n = 200000;
  std::vector<int> counts(20);
  for (int i = 0; i < n; ++i) {
    const int64_t k = rng.Poisson(2.0);
    if (k < 20) ++counts[static_cast<size_t>(k)];
  }
  EXPECT_NEAR(counts[0] / static_cast<double>(n), std::exp(-2.0), 0.004);
  EXPECT_NEAR(counts[2] / static_cast<double>(n), 2.0 * std::exp(-2.0), 0.004);
}

TEST(SimRandom, ChooseFollowsWeights) {
  Rng rng(9);
  const double w[3] = {1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 100000; ++i) ++counts[rng.Choose(w, 3)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[2] / 100000.0, 0.75, 0.01);
}

TEST(SimRandom, ChoiceTableDrawsWhatChooseDraws) {
  const std::vector<std::vector<double>> tables = {
      {22, 16, 13, 11, 8, 10, 9, 7, 4},
      {0.55, 0.33, 0.12},
      {0.50, 0.18, 0.14, 0.10, 0.03, 0.02, 0.01, 0.005, 0.015},
      {0.80, 0.005, 0.045, 0.14, 0.01, 0},
      {0.1, 0.2, 0.3, 0.4},
      {0, 1, 0, 3, 0},
      {1e-9, 1, 1e-9, 1e9, 0.1},
      {1},
  };
  for (const std::vector<double>& w : tables) {
    const ChoiceTable table(w.data(), static_cast<int>(w.size()));
    Rng a(11), b(11);
    for (int i = 0; i < 1000000; ++i)
      ASSERT_EQ(table.Draw(&a), b.Choose(w.data(), static_cast<int>(w.size())));
  }
}

TEST(SimRandom, PoissonTableDrawsWhatPoissonDraws) {
  for (double mean : {0.0, 1e-6, 0.3, 1.8, 3.6, 5.6, 7.0, 11.99}) {
    const PoissonTable table(mean);
    Rng a(5), b(5);
    for (int i = 0; i < 200000; ++i) ASSERT_EQ(table.Draw(&a), b.Poisson(mean)) << mean;
    EXPECT_EQ(a.Next(), b.Next());  // as many uniforms drawn
  }
}

}  // namespace
}  // namespace nara::sim
