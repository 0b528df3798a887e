// Analysis comments (SPEC C6) in the store's SQLite file: a controller's or manager's
// text about one indicator or one goal/assignment of the plan, for one unit and one
// period. One text per (subject, unit, period), in the table `serve_comments` (WAL),
// beside the store's own tables but apart from its batches and journal. The web
// server (serve/comments.h) reads and writes them through this class.
#pragma once

#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/sqlite.h"

namespace nara::store {

struct Comment {
  std::string subject_kind;  // "indicator" or "goal" (a goal or an assignment of the plan)
  std::string subject_id;
  std::string unit_id;
  std::string period;  // canonical period text (model::Period::ToString)
  std::string text;
  std::string author;
  std::string updated_at;  // Swedish local time, YYYY-MM-DD HH:MM:SS
};

// Which comments to list; empty fields match everything.
struct CommentFilter {
  std::string subject_kind;
  std::string subject_id;
  std::string unit_id;
  std::string period;
};

// Whether `comment` is one `filter` lists.
bool Matches(const CommentFilter& filter, const Comment& comment);

// One connection to the comments of a database; use it from one thread at a time.
class Comments {
 public:
  // Opens the existing SQLite database at `path` and creates the comments table in it
  // if missing. IoError when the file cannot be opened or written.
  static StatusOr<Comments> Open(const std::string& path);

  Comments(Comments&&) noexcept = default;
  Comments& operator=(Comments&&) noexcept = default;

  // Comments matching `filter`, by subject kind, subject, unit and period.
  StatusOr<std::vector<Comment>> List(const CommentFilter& filter);
  // Inserts or replaces the comment of (subject, unit, period) as given, updated_at
  // included; an empty text removes it.
  // Writes, changes or (empty text) deletes a comment, and records it in the audit
  // trail (audit.h) with the text before and after, by its author.
  Status Put(const Comment& comment);
  // The client address the next changes are recorded with (empty: the command line).
  void SetClient(std::string client) { client_ = std::move(client); }

 private:
  explicit Comments(Database db) : db_(std::move(db)) {}
  Database db_;
  std::string client_;
};

}  // namespace nara::store
