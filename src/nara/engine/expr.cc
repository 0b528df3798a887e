#include "nara/engine/expr.h"

#include <charconv>
#include <cstdlib>

namespace nara::engine {
namespace {

enum class Tok : uint8_t { kEnd, kNumber, kString, kIdent, kOp, kLParen, kRParen, kComma };

struct Token {
  Tok kind = Tok::kEnd;
  int pos = 0;
  std::string text;
  double number = 0;
};

bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || (c >= '0' && c <= '9'); }

bool IsKeyword(const std::string& word) {
  static constexpr std::string_view kKeywords[] = {"and", "or", "not", "in", "is", "null", "true",
                                                   "false", "where", "by", "for", "over"};
  for (auto k : kKeywords) {
    if (word == k) return true;
  }
  return false;
}

// Bounds recursion so hostile input cannot exhaust the stack.
#define NARA_EXPR_DEPTH_GUARD()                                                       \
  if (depth_ >= 200) return ExprError(Peek().pos, "expression nested too deeply"); \
  DepthGuard depth_guard_{&depth_}

struct DepthGuard {
  explicit DepthGuard(int* d) : d_(d) { ++*d_; }
  ~DepthGuard() { --*d_; }
  int* d_;
};

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  StatusOr<std::unique_ptr<Expr>> Parse() {
    NARA_RETURN_IF_ERROR(Lex());
    auto e = ParseOr();
    if (!e.ok()) return e;
    if (Peek().kind != Tok::kEnd) return ExprError(Peek().pos, "unexpected '" + Peek().text + "'");
    return e;
  }

 private:
  Status Lex() {
    size_t i = 0;
    while (i < text_.size()) {
      char c = text_[i];
      int pos = static_cast<int>(i);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        ++i;
      } else if ((c >= '0' && c <= '9') || (c == '.' && i + 1 < text_.size() && text_[i + 1] >= '0' && text_[i + 1] <= '9')) {
        size_t j = i;
        while (j < text_.size() && ((text_[j] >= '0' && text_[j] <= '9') || text_[j] == '.' || text_[j] == 'e' ||
                                    text_[j] == 'E' || ((text_[j] == '+' || text_[j] == '-') && j > i &&
                                                        (text_[j - 1] == 'e' || text_[j - 1] == 'E')))) {
          ++j;
        }
        Token t{Tok::kNumber, pos, std::string(text_.substr(i, j - i)), 0};
        auto [p, ec] = std::from_chars(text_.data() + i, text_.data() + j, t.number);
        if (ec != std::errc() || p != text_.data() + j) return ExprError(pos, "bad number '" + t.text + "'");
        tokens_.push_back(std::move(t));
        i = j;
      } else if (c == '\'') {
        std::string value;
        size_t j = i + 1;
        while (true) {
          if (j >= text_.size()) return ExprError(pos, "unterminated string");
          if (text_[j] == '\'') {
            if (j + 1 < text_.size() && text_[j + 1] == '\'') {
              value += '\'';
              j += 2;
              continue;
            }
            break;
          }
          value += text_[j++];
        }
        tokens_.push_back({Tok::kString, pos, std::move(value), 0});
        i = j + 1;
      } else if (IsIdentStart(c)) {
        size_t j = i;
        while (j < text_.size() && IsIdentChar(text_[j])) ++j;
        tokens_.push_back({Tok::kIdent, pos, std::string(text_.substr(i, j - i)), 0});
        i = j;
      } else if (c == '(' || c == ')' || c == ',') {
        tokens_.push_back({c == '(' ? Tok::kLParen : c == ')' ? Tok::kRParen : Tok::kComma, pos, std::string(1, c), 0});
        ++i;
      } else {
        static constexpr std::string_view kOps[] = {"<=", ">=", "!=", "<>", "=", "<", ">", "+", "-", "*", "/"};
        bool found = false;
        for (auto op : kOps) {
          if (text_.substr(i, op.size()) == op) {
            tokens_.push_back({Tok::kOp, pos, std::string(op == "<>" ? "!=" : op), 0});
            i += op.size();
            found = true;
            break;
          }
        }
        if (!found) return ExprError(pos, std::string("unexpected character '") + c + "'");
      }
    }
    tokens_.push_back({Tok::kEnd, static_cast<int>(text_.size()), "end of text", 0});
    return Status::Ok();
  }

  const Token& Peek() const { return tokens_[at_]; }
  const Token& Next() { return tokens_[at_ < tokens_.size() - 1 ? at_++ : at_]; }
  bool IsWord(const char* word) const { return Peek().kind == Tok::kIdent && Peek().text == word; }
  bool IsOp(const char* op) const { return Peek().kind == Tok::kOp && Peek().text == op; }

  static std::unique_ptr<Expr> Node(ExprKind kind, int pos, std::string text = {}) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->pos = pos;
    e->text = std::move(text);
    return e;
  }
  static std::unique_ptr<Expr> Binary(std::string op, int pos, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b) {
    auto e = Node(ExprKind::kBinary, pos, std::move(op));
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return e;
  }

  StatusOr<std::unique_ptr<Expr>> ParseOr() {
    NARA_ASSIGN_OR_RETURN(auto left, ParseAnd());
    while (IsWord("or")) {
      int pos = Next().pos;
      NARA_ASSIGN_OR_RETURN(auto right, ParseAnd());
      left = Binary("or", pos, std::move(left), std::move(right));
    }
    return left;
  }

  StatusOr<std::unique_ptr<Expr>> ParseAnd() {
    NARA_ASSIGN_OR_RETURN(auto left, ParseNot());
    while (IsWord("and")) {
      int pos = Next().pos;
      NARA_ASSIGN_OR_RETURN(auto right, ParseNot());
      left = Binary("and", pos, std::move(left), std::move(right));
    }
    return left;
  }

  StatusOr<std::unique_ptr<Expr>> ParseNot() {
    NARA_EXPR_DEPTH_GUARD();
    if (IsWord("not")) {
      int pos = Next().pos;
      NARA_ASSIGN_OR_RETURN(auto inner, ParseNot());
      auto e = Node(ExprKind::kNot, pos);
      e->args.push_back(std::move(inner));
      return e;
    }
    return ParseComparison();
  }

  StatusOr<std::unique_ptr<Expr>> ParseComparison() {
    NARA_ASSIGN_OR_RETURN(auto left, ParseAdditive());
    static constexpr const char* kCmp[] = {"=", "!=", "<", "<=", ">", ">="};
    for (const char* op : kCmp) {
      if (IsOp(op)) {
        int pos = Next().pos;
        NARA_ASSIGN_OR_RETURN(auto right, ParseAdditive());
        return Binary(op, pos, std::move(left), std::move(right));
      }
    }
    bool negated = false;
    int pos = Peek().pos;
    if (IsWord("not") && tokens_[at_ + 1].kind == Tok::kIdent && tokens_[at_ + 1].text == "in") {
      Next();
      negated = true;
    }
    if (IsWord("in")) {
      Next();
      auto e = Node(ExprKind::kIn, pos);
      e->negated = negated;
      e->args.push_back(std::move(left));
      if (Peek().kind != Tok::kLParen) return ExprError(Peek().pos, "expected '(' after in");
      Next();
      while (true) {
        NARA_ASSIGN_OR_RETURN(auto item, ParsePrimary());
        if (item->kind != ExprKind::kString && item->kind != ExprKind::kNumber) {
          return ExprError(item->pos, "the list after 'in' holds only literals");
        }
        e->args.push_back(std::move(item));
        if (Peek().kind == Tok::kComma) {
          Next();
          continue;
        }
        if (Peek().kind != Tok::kRParen) return ExprError(Peek().pos, "expected ',' or ')' in the list after 'in'");
        Next();
        break;
      }
      return e;
    }
    if (IsWord("is")) {
      Next();
      auto e = Node(ExprKind::kIsNull, pos);
      if (IsWord("not")) {
        Next();
        e->negated = true;
      }
      if (!IsWord("null")) return ExprError(Peek().pos, "expected 'null' after 'is'");
      Next();
      e->args.push_back(std::move(left));
      return e;
    }
    return left;
  }

  StatusOr<std::unique_ptr<Expr>> ParseAdditive() {
    NARA_ASSIGN_OR_RETURN(auto left, ParseMultiplicative());
    while (IsOp("+") || IsOp("-")) {
      const Token& t = Next();
      std::string op = t.text;
      int pos = t.pos;
      NARA_ASSIGN_OR_RETURN(auto right, ParseMultiplicative());
      left = Binary(op, pos, std::move(left), std::move(right));
    }
    return left;
  }

  StatusOr<std::unique_ptr<Expr>> ParseMultiplicative() {
    NARA_ASSIGN_OR_RETURN(auto left, ParseUnary());
    while (IsOp("*") || IsOp("/")) {
      const Token& t = Next();
      std::string op = t.text;
      int pos = t.pos;
      NARA_ASSIGN_OR_RETURN(auto right, ParseUnary());
      left = Binary(op, pos, std::move(left), std::move(right));
    }
    return left;
  }

  StatusOr<std::unique_ptr<Expr>> ParseUnary() {
    NARA_EXPR_DEPTH_GUARD();
    if (IsOp("-")) {
      int pos = Next().pos;
      NARA_ASSIGN_OR_RETURN(auto inner, ParseUnary());
      auto e = Node(ExprKind::kNeg, pos);
      e->args.push_back(std::move(inner));
      return e;
    }
    return ParsePrimary();
  }

  StatusOr<std::unique_ptr<Expr>> ParsePrimary() {
    NARA_EXPR_DEPTH_GUARD();
    const Token& t = Peek();
    switch (t.kind) {
      case Tok::kNumber: {
        auto e = Node(ExprKind::kNumber, t.pos, t.text);
        e->number = t.number;
        Next();
        return e;
      }
      case Tok::kString: {
        auto e = Node(ExprKind::kString, t.pos, t.text);
        Next();
        return e;
      }
      case Tok::kLParen: {
        Next();
        NARA_ASSIGN_OR_RETURN(auto inner, ParseOr());
        if (Peek().kind != Tok::kRParen) return ExprError(Peek().pos, "expected ')'");
        Next();
        return inner;
      }
      case Tok::kIdent: {
        std::string name = t.text;
        int pos = t.pos;
        if (name == "true" || name == "false") {
          Next();
          auto e = Node(ExprKind::kBool, pos, name);
          e->number = name == "true";
          return e;
        }
        if (name == "null") {
          Next();
          return Node(ExprKind::kNull, pos, name);
        }
        if (IsKeyword(name)) return ExprError(pos, "unexpected '" + name + "'");
        Next();
        if (Peek().kind != Tok::kLParen) return Node(ExprKind::kName, pos, name);
        Next();
        auto call = Node(ExprKind::kCall, pos, name);
        if (IsAggregateName(name)) {
          NARA_ASSIGN_OR_RETURN(call->source, ParseSource());
          if (Peek().kind == Tok::kComma) Next();
        }
        if (Peek().kind != Tok::kRParen) {
          while (true) {
            NARA_ASSIGN_OR_RETURN(auto arg, ParseOr());
            call->args.push_back(std::move(arg));
            if (Peek().kind == Tok::kComma) {
              Next();
              continue;
            }
            break;
          }
        }
        if (Peek().kind != Tok::kRParen) return ExprError(Peek().pos, "expected ',' or ')' in call of " + name);
        Next();
        return call;
      }
      default:
        return ExprError(t.pos, t.kind == Tok::kEnd ? "unexpected end of expression" : "unexpected '" + t.text + "'");
    }
  }

  StatusOr<std::unique_ptr<SourceSpec>> ParseSource() {
    auto s = std::make_unique<SourceSpec>();
    if (Peek().kind != Tok::kIdent || IsKeyword(Peek().text)) {
      return ExprError(Peek().pos, "expected a table name as the first argument");
    }
    s->table = Next().text;
    if (IsWord("by")) {
      Next();
      if (Peek().kind != Tok::kIdent) return ExprError(Peek().pos, "expected a column after 'by'");
      s->by_pos = Peek().pos;
      s->by = Next().text;
    }
    if (IsWord("for")) {
      Next();
      if (Peek().kind != Tok::kIdent) return ExprError(Peek().pos, "expected a column after 'for'");
      s->for_pos = Peek().pos;
      s->for_column = Next().text;
    }
    if (IsWord("where")) {
      Next();
      NARA_ASSIGN_OR_RETURN(s->where, ParseOr());
    }
    if (IsWord("over")) {
      Next();
      if (Peek().kind != Tok::kIdent) return ExprError(Peek().pos, "expected a window after 'over'");
      s->over_pos = Peek().pos;
      s->over = Next().text;
    }
    return s;
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t at_ = 0;
  int depth_ = 0;
};

}  // namespace

StatusOr<std::unique_ptr<Expr>> ParseExpression(std::string_view text) { return Parser(text).Parse(); }

bool IsAggregateName(std::string_view name) {
  static constexpr std::string_view kAggregates[] = {"count",  "sum",        "share",          "mean", "wmean",
                                                     "median", "percentile", "count_distinct", "last", "share_latest"};
  for (auto a : kAggregates) {
    if (name == a) return true;
  }
  return false;
}

Status ExprError(int offset, const std::string& message) {
  return Status::Problems({Problem{Msg::kExprProblem, {message}, "", 0, offset + 1}});
}

int ErrorOffset(const Status& status) {
  const std::vector<Problem>& p = status.problems();
  return p.empty() || p[0].code != Msg::kExprProblem ? -1 : p[0].column - 1;
}

std::string ErrorText(const Status& status) {
  const std::vector<Problem>& p = status.problems();
  return p.empty() || p[0].code != Msg::kExprProblem ? status.message() : p[0].args[0];
}

}  // namespace nara::engine
