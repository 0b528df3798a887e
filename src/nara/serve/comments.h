// Analysis comments (SPEC C6): a controller's or manager's text about one indicator
// or one goal/assignment of the plan, for one unit and one period. One text per
// (subject, unit, period); writing again replaces it and keeps who and when.
// Kept in the store's SQLite file (store::Comments: own table `serve_comments`, WAL)
// when the server runs on a database, else in memory for the life of the process.
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/comments.h"

namespace nara::serve {

// The comment and the filter are the store's (store/comments.h).
using store::Comment;
using store::CommentFilter;

class CommentStore {
 public:
  virtual ~CommentStore() = default;
  // Comments matching `filter`, by subject, unit and period.
  virtual StatusOr<std::vector<Comment>> List(const CommentFilter& filter) = 0;
  // Inserts or replaces the comment of (subject, unit, period); sets updated_at and
  // returns the stored comment. An empty text removes it. The audit trail records the
  // change by its author from `client` (the writer's address).
  virtual StatusOr<Comment> Put(Comment comment, const std::string& client) = 0;
};

std::unique_ptr<CommentStore> MakeMemoryCommentStore();
// Opens (creating the table if needed) comments in the SQLite database at `path`.
StatusOr<std::unique_ptr<CommentStore>> MakeSqliteCommentStore(const std::string& path);

// The current time as comments record it.
std::string NowLocal();

}  // namespace nara::serve
