#include <gtest/gtest.h>

#include "nara/report/svg.h"

namespace nara::report {
namespace {

TEST(SvgTest, NiceStep) { EXPECT_EQ(NiceStep(0, 100, 5), 20); }

}  // namespace
}  // namespace nara::report
