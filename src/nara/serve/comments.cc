#include "nara/serve/comments.h"

#include <chrono>
#include <map>
#include <mutex>
#include <tuple>
#include <utility>

#include "nara/base/time.h"

namespace nara::serve {
namespace {

using Key = std::tuple<std::string, std::string, std::string, std::string>;

class MemoryCommentStore : public CommentStore {
 public:
  StatusOr<std::vector<Comment>> List(const CommentFilter& filter) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Comment> out;
    for (const auto& [key, c] : comments_) {
      if (store::Matches(filter, c)) out.push_back(c);
    }
    return out;
  }
  StatusOr<Comment> Put(Comment c, const std::string&) override {
    std::lock_guard<std::mutex> lock(mutex_);
    c.updated_at = NowLocal();
    Key key{c.subject_kind, c.subject_id, c.unit_id, c.period};
    if (c.text.empty()) {
      comments_.erase(key);
    } else {
      comments_[key] = c;
    }
    return c;
  }

 private:
  std::mutex mutex_;
  std::map<Key, Comment> comments_;
};

// The store's comments (one SQLite connection), one request at a time.
class DatabaseCommentStore : public CommentStore {
 public:
  explicit DatabaseCommentStore(store::Comments comments) : comments_(std::move(comments)) {}

  StatusOr<std::vector<Comment>> List(const CommentFilter& filter) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return comments_.List(filter);
  }

  StatusOr<Comment> Put(Comment c, const std::string& client) override {
    std::lock_guard<std::mutex> lock(mutex_);
    c.updated_at = NowLocal();
    comments_.SetClient(client);
    NARA_RETURN_IF_ERROR(comments_.Put(c));
    return c;
  }

 private:
  std::mutex mutex_;
  store::Comments comments_;
};

}  // namespace

std::string NowLocal() {
  auto now = std::chrono::system_clock::now();
  return FormatLocalDateTime(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

std::unique_ptr<CommentStore> MakeMemoryCommentStore() { return std::make_unique<MemoryCommentStore>(); }

StatusOr<std::unique_ptr<CommentStore>> MakeSqliteCommentStore(const std::string& path) {
  NARA_ASSIGN_OR_RETURN(store::Comments comments, store::Comments::Open(path));
  return std::unique_ptr<CommentStore>(std::make_unique<DatabaseCommentStore>(std::move(comments)));
}

}  // namespace nara::serve
