// What people write about the figures, as the server keeps it: analysis comments with
// their versions, the actions (åtgärder) they carry and goal assessments
// (store/comments.h). In the store's SQLite file when the server runs on a database,
// else in a database in memory for the life of the process. Thread-safe: one
// connection, one request at a time.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/comments.h"

namespace nara::serve {

using store::Action;
using store::Assessment;
using store::Comment;
using store::CommentFilter;

class CommentStore {
 public:
  explicit CommentStore(store::Comments comments) : comments_(std::move(comments)) {}

  // See store::Comments. Put, PutAction and PutAssessment set updated_at to now and
  // record the change in the audit trail by its author from `client` (the writer's
  // address); they return what was stored.
  StatusOr<std::vector<Comment>> List(const CommentFilter& filter);
  StatusOr<std::vector<Comment>> History(const CommentFilter& key);
  StatusOr<Comment> Put(Comment comment, const std::string& client);
  StatusOr<std::vector<Action>> Actions(const CommentFilter& filter);
  StatusOr<std::optional<Action>> FindAction(int64_t id);
  StatusOr<Action> PutAction(Action action, const std::string& client);
  StatusOr<std::vector<Assessment>> Assessments(const CommentFilter& filter);
  StatusOr<std::vector<Assessment>> AssessmentHistory(const std::string& goal_id, const std::string& unit_id,
                                                      const std::string& period);
  StatusOr<Assessment> PutAssessment(Assessment assessment, const std::string& client);

 private:
  std::mutex mutex_;
  store::Comments comments_;
};

std::unique_ptr<CommentStore> MakeMemoryCommentStore();
// Opens (creating the tables if needed) what is written in the SQLite database at
// `path`.
StatusOr<std::unique_ptr<CommentStore>> MakeSqliteCommentStore(const std::string& path);

// The current time as comments record it.
std::string NowLocal();

}  // namespace nara::serve
