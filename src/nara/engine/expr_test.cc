#include "nara/engine/expr.h"

#include <gtest/gtest.h>

namespace nara::engine {
namespace {

TEST(ExprTest, ParsesAggregatesWithSources) {
  auto e = ParseExpression(
      "100 * share(phone_calls by received_at where in_opening_hours and topic in ('advice', 'booking') over ytd, "
      "local_day(handled_at) = local_day(received_at)) / 2");
  ASSERT_TRUE(e.ok()) << e.status().message();
  const Expr& div = **e;
  EXPECT_EQ(div.text, "/");
  const Expr& share = *div.args[0]->args[1];
  EXPECT_EQ(share.text, "share");
  ASSERT_TRUE(share.source);
  EXPECT_EQ(share.source->table, "phone_calls");
  EXPECT_EQ(share.source->by, "received_at");
  EXPECT_EQ(share.source->over, "ytd");
  EXPECT_EQ(share.source->where->text, "and");
  EXPECT_EQ(share.args.size(), 1u);
}

TEST(ExprTest, ErrorsCarryTheOffset) {
  struct Case {
    const char* text;
    int offset;
    const char* message;
  } cases[] = {
      {"count(visits where form = 'video'", 33, "unexpected end of expression"},
      {"count(visits where form = 'video)", 26, "unterminated string"},
      {"1 +", 3, "unexpected end of expression"},
      {"count(visits) # 2", 14, "unexpected character '#'"},
      {"count(where)", 6, "expected a table name as the first argument"},
      {"x in (1, y)", 9, "the list after 'in' holds only literals"},
  };
  for (const Case& c : cases) {
    auto e = ParseExpression(c.text);
    ASSERT_FALSE(e.ok()) << c.text;
    EXPECT_EQ(ErrorOffset(e.status()), c.offset) << c.text << ": " << e.status().message();
    EXPECT_EQ(ErrorText(e.status()), c.message) << c.text;
  }
}

TEST(ExprTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep(5000, '(');
  EXPECT_FALSE(ParseExpression(deep).ok());
}

}  // namespace
}  // namespace nara::engine
