// Who may use nara, and what was done: the commands over the store's accounts and
// audit trail (store/access.h, store/audit.h).
//
//   nara user add --db DB NAME --role admin|controller|unit_manager|reader [--units ID,...]
//   nara user passwd --db DB NAME        nara user disable --db DB NAME
//   nara user list --db DB
//   nara user token --db DB NAME [--expires 90d]   (prints the token once)
//   nara user tokens --db DB             nara user revoke --db DB TOKEN_ID
//   nara audit list --db DB [--after ID] [--limit N]
//   nara audit verify --db DB
//
// A password is read from standard input: one line when it is not a terminal (for
// scripts), else asked for twice without echo. Changes are recorded in the audit trail
// as done by the login name (LoginName()) from the command line.
#pragma once

#include <iosfwd>
#include <string>

#include "nara/base/status.h"

namespace CLI {
class App;
}

namespace nara::cli {

// "90d", "12w", "6m" (30 days), "1y" (365 days), or a plain number of days; 0: no
// expiry. Invalid for anything else.
StatusOr<int> ParseLifetimeDays(const std::string& text);

// Registers `user` and `audit` on `app`; after app.parse(), Run() runs the one given.
class AccessCommands {
 public:
  explicit AccessCommands(CLI::App* app);
  // True if `user` or `audit` was given; *status is then its result.
  bool Run(std::istream& in, std::ostream& out, std::ostream& err, Status* status);

 private:
  struct Args {
    std::string db;
    std::string name;
    std::string role;
    std::string units;
    std::string expires = "90d";
    int64_t token_id = 0;
    int64_t after = 0;
    int64_t limit = 100;
  };
  CLI::App* user_ = nullptr;
  CLI::App* audit_ = nullptr;
  CLI::App* add_ = nullptr;
  CLI::App* passwd_ = nullptr;
  CLI::App* disable_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* token_ = nullptr;
  CLI::App* tokens_ = nullptr;
  CLI::App* revoke_ = nullptr;
  CLI::App* audit_list_ = nullptr;
  CLI::App* audit_verify_ = nullptr;
  Args args_;
};

}  // namespace nara::cli
