#include "nara/serve/comments.h"

#include <chrono>
#include <cstdlib>
#include <utility>

#include "nara/base/time.h"

namespace nara::serve {

StatusOr<std::vector<Comment>> CommentStore::List(const CommentFilter& filter) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.List(filter);
}

StatusOr<std::vector<Comment>> CommentStore::History(const CommentFilter& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.History(key);
}

StatusOr<Comment> CommentStore::Put(Comment c, const std::string& client) {
  std::lock_guard<std::mutex> lock(mutex_);
  c.updated_at = NowLocal();
  comments_.SetClient(client);
  NARA_ASSIGN_OR_RETURN(c.version, comments_.Put(c));
  c.deleted = c.text.empty();
  return c;
}

StatusOr<std::vector<Action>> CommentStore::Actions(const CommentFilter& filter) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.Actions(filter);
}

StatusOr<std::optional<Action>> CommentStore::FindAction(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.FindAction(id);
}

StatusOr<Action> CommentStore::PutAction(Action a, const std::string& client) {
  std::lock_guard<std::mutex> lock(mutex_);
  a.updated_at = NowLocal();
  comments_.SetClient(client);
  return comments_.PutAction(std::move(a));
}

StatusOr<std::vector<Assessment>> CommentStore::Assessments(const CommentFilter& filter) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.Assessments(filter);
}

StatusOr<std::vector<Assessment>> CommentStore::AssessmentHistory(const std::string& goal_id,
                                                                  const std::string& unit_id,
                                                                  const std::string& period) {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_.AssessmentHistory(goal_id, unit_id, period);
}

StatusOr<Assessment> CommentStore::PutAssessment(Assessment a, const std::string& client) {
  std::lock_guard<std::mutex> lock(mutex_);
  a.updated_at = NowLocal();
  comments_.SetClient(client);
  NARA_ASSIGN_OR_RETURN(a.version, comments_.PutAssessment(a));
  return a;
}

std::string NowLocal() {
  auto now = std::chrono::system_clock::now();
  return FormatLocalDateTime(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::unique_ptr<CommentStore> MakeMemoryCommentStore() {
  auto comments = store::Comments::OpenInMemory();
  // SQLite in memory fails only when memory does.
  if (!comments.ok()) std::abort();
  return std::make_unique<CommentStore>(std::move(comments).value());
}

StatusOr<std::unique_ptr<CommentStore>> MakeSqliteCommentStore(const std::string& path) {
  NARA_ASSIGN_OR_RETURN(store::Comments comments, store::Comments::Open(path));
  return std::make_unique<CommentStore>(std::move(comments));
}

}  // namespace nara::serve
