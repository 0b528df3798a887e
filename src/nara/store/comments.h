// What people write about the figures, in the store's SQLite file (WAL), beside the
// store's own tables but apart from its batches and journal. The web server
// (serve/comments.h) reads and writes them through this class; every change is also
// an audit entry (audit.h) with what it was before and after.
//
// - Analysis comments (SPEC C6): a controller's or manager's text about one indicator,
//   one goal/assignment of the plan or one report section, for one unit and one period.
//   One current text per (subject, unit, period) in `serve_comments`; every write is a
//   new version in `serve_comment_versions`, a removal a version marked deleted (the
//   earlier texts stay readable).
// - Actions (åtgärder) a comment carries: what is to be done, who is responsible, by
//   when, and whether it is done; `serve_actions`, one row per action, keyed like the
//   comment it belongs to, listed per unit.
// - Goal assessments: the responsible person's own status of a goal or assignment for a
//   unit and period (met / near / not met) with its justification, beside the status
//   computed from the indicators (follow/goal_status.h); every assessment is a version
//   in `serve_goal_assessments`, the newest one counts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nara/base/status.h"
#include "nara/store/sqlite.h"

namespace nara::store {

struct Comment {
  std::string subject_kind;  // "indicator", "goal" (a goal or an assignment) or "section"
  std::string subject_id;
  std::string unit_id;
  std::string period;  // canonical period text (model::Period::ToString)
  std::string text;    // empty in a version that removed the comment
  std::string author;
  std::string updated_at;  // Swedish local time, YYYY-MM-DD HH:MM:SS
  int version = 0;         // 1 for the first text of (subject, unit, period)
  bool deleted = false;    // only in History(): this version removed the comment
};

// Which comments (or actions) to list; empty fields match everything.
struct CommentFilter {
  std::string subject_kind;
  std::string subject_id;
  std::string unit_id;
  std::string period;
};

// Whether `comment` is one `filter` lists.
bool Matches(const CommentFilter& filter, const Comment& comment);

struct Action {
  int64_t id = 0;  // 0 when new
  // The comment it belongs to: (subject_kind, subject_id, unit_id, period).
  std::string subject_kind;
  std::string subject_id;
  std::string unit_id;
  std::string period;
  std::string what;
  std::string responsible;
  std::string due;  // YYYY-MM-DD, or empty
  bool done = false;
  std::string done_at;  // when it was marked done, or empty
  std::string author;   // who last wrote it
  std::string updated_at;
};

struct Assessment {
  std::string goal_id;  // a goal's or an assignment's id in the plan
  std::string unit_id;
  std::string period;
  std::string status;  // "met", "near" or "not_met"
  std::string computed_status;  // the computed status when it was written
  std::string justification;
  std::string responsible;
  std::string author;
  std::string updated_at;
  int version = 0;
};

// One connection to what is written about a database; use it from one thread at a
// time.
class Comments {
 public:
  // Opens the existing SQLite database at `path` and creates the tables in it if
  // missing (a database written before versions existed gets each comment as its
  // version 1). IoError when the file cannot be opened or written.
  static StatusOr<Comments> Open(const std::string& path);
  // The same tables in a database in memory, for a server without a database: kept
  // for the life of the process.
  static StatusOr<Comments> OpenInMemory();

  Comments(Comments&&) noexcept = default;
  Comments& operator=(Comments&&) noexcept = default;

  // The current comments matching `filter`, by subject kind, subject, unit and period,
  // each with its version number.
  StatusOr<std::vector<Comment>> List(const CommentFilter& filter);
  // Every version of the comment of (subject, unit, period), oldest first (a removal
  // has `deleted` and the text empty).
  StatusOr<std::vector<Comment>> History(const CommentFilter& key);
  // Writes, changes or (empty text) removes the comment of (subject, unit, period) as
  // given, updated_at included, as its next version; returns that version's number
  // (0 when there was nothing to remove).
  StatusOr<int> Put(const Comment& comment);

  // The actions matching `filter` (empty period: of every period), by due date.
  StatusOr<std::vector<Action>> Actions(const CommentFilter& filter);
  // The action `id`, or nothing.
  StatusOr<std::optional<Action>> FindAction(int64_t id);
  // Adds (id 0) or changes an action; returns it as stored (with its id and done_at).
  // NotFound for an unknown id. An empty `what` removes the action.
  StatusOr<Action> PutAction(Action action);

  // The newest assessment of each (goal, unit, period) matching the filter's unit and
  // period (and goal, in subject_id).
  StatusOr<std::vector<Assessment>> Assessments(const CommentFilter& filter);
  // Every assessment of (goal, unit, period), oldest first.
  StatusOr<std::vector<Assessment>> AssessmentHistory(const std::string& goal_id, const std::string& unit_id,
                                                      const std::string& period);
  // Stores `assessment` as the next version of its (goal, unit, period); returns the
  // version number.
  StatusOr<int> PutAssessment(const Assessment& assessment);

  // The client address the next changes are recorded with (empty: the command line).
  void SetClient(std::string client) { client_ = std::move(client); }

 private:
  explicit Comments(Database db) : db_(std::move(db)) {}
  static StatusOr<Comments> Prepare(Database db, const std::string& where);
  Database db_;
  std::string client_;
};

}  // namespace nara::store
