#include "nara/cli/access_commands.h"

#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <istream>
#include <ostream>

#include "nara/base/text.h"
#include "nara/cli/store_commands.h"
#include "nara/store/access.h"

namespace nara::cli {
namespace {

// Reads a line from `in` without echo when it is the terminal.
std::string ReadSecret(std::istream& in, std::ostream& out, const char* prompt) {
  const bool terminal = &in == &std::cin && ::isatty(STDIN_FILENO);
  termios old{};
  if (terminal) {
    out << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(in, line);
  if (terminal) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    out << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

StatusOr<std::string> ReadPassword(std::istream& in, std::ostream& out) {
  std::string password = ReadSecret(in, out, "Password: ");
  if (&in == &std::cin && ::isatty(STDIN_FILENO)) {
    if (ReadSecret(in, out, "Again: ") != password) return Status::Invalid("the two passwords differ");
  }
  if (password.empty()) return Status::Invalid("no password on standard input");
  return password;
}

std::vector<std::string> SplitUnits(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view part : Split(text, ',')) {
    std::string_view u = Trim(part);
    if (!u.empty()) out.emplace_back(u);
  }
  return out;
}

store::Actor CommandLine() { return store::Actor{LoginName(), ""}; }

Status UserCommand(CLI::App* which, CLI::App* add, CLI::App* passwd, CLI::App* disable, CLI::App* token,
                   CLI::App* revoke, CLI::App* tokens, const std::string& db, const std::string& name,
                   const std::string& role_text, const std::string& units, const std::string& expires,
                   int64_t token_id, std::istream& in, std::ostream& out) {
  NARA_ASSIGN_OR_RETURN(store::Access access, store::Access::Open(db));
  if (which == add) {
    store::Role role;
    if (!store::ParseRole(role_text, &role)) {
      return Status::Invalid("unknown role '" + role_text + "' (admin, controller, unit_manager or reader)");
    }
    NARA_ASSIGN_OR_RETURN(std::string password, ReadPassword(in, out));
    NARA_ASSIGN_OR_RETURN(store::User user, access.AddUser(name, role, SplitUnits(units), password, CommandLine()));
    out << "Added " << user.name << " (" << store::RoleName(user.role)
        << (user.units.empty() ? "" : ", units " + units) << ").\n";
    return Status::Ok();
  }
  if (which == passwd) {
    NARA_ASSIGN_OR_RETURN(std::string password, ReadPassword(in, out));
    NARA_RETURN_IF_ERROR(access.SetPassword(name, password, CommandLine()));
    out << "Password of " << name << " changed.\n";
    return Status::Ok();
  }
  if (which == disable) {
    NARA_RETURN_IF_ERROR(access.Disable(name, CommandLine()));
    out << name << " can no longer sign in.\n";
    return Status::Ok();
  }
  if (which == token) {
    NARA_ASSIGN_OR_RETURN(int days, ParseLifetimeDays(expires));
    NARA_ASSIGN_OR_RETURN(store::Access::Issued issued, access.IssueToken(name, days, CommandLine()));
    out << issued.token << "\n";
    out << "Token " << issued.id << " for " << name
        << (issued.expires_at.empty() ? ", no expiry" : ", valid until " + issued.expires_at)
        << ". It is shown only now: keep it where the script that uses it can read it.\n";
    return Status::Ok();
  }
  if (which == revoke) {
    NARA_RETURN_IF_ERROR(access.RevokeToken(token_id, CommandLine()));
    out << "Token " << token_id << " revoked.\n";
    return Status::Ok();
  }
  if (which == tokens) {
    NARA_ASSIGN_OR_RETURN(std::vector<store::TokenInfo> list, access.Tokens());
    out << "id\tuser\tcreated\texpires\trevoked\n";
    for (const store::TokenInfo& t : list) {
      out << t.id << "\t" << t.user << "\t" << t.created_at << "\t" << (t.expires_at.empty() ? "-" : t.expires_at)
          << "\t" << (t.revoked_at.empty() ? "-" : t.revoked_at) << "\n";
    }
    return Status::Ok();
  }
  NARA_ASSIGN_OR_RETURN(std::vector<store::User> users, access.Users());
  out << "name\trole\tunits\tstate\tcreated\n";
  for (const store::User& u : users) {
    std::string list;
    for (const std::string& unit : u.units) list += (list.empty() ? "" : ",") + unit;
    out << u.name << "\t" << store::RoleName(u.role) << "\t" << (list.empty() ? "-" : list) << "\t"
        << (u.disabled ? "disabled" : "active") << "\t" << u.created_at << "\n";
  }
  return Status::Ok();
}

}  // namespace

StatusOr<int> ParseLifetimeDays(const std::string& text) {
  std::string_view t = Trim(text);
  int factor = 1;
  if (!t.empty()) {
    switch (t.back()) {
      case 'd': factor = 1; t.remove_suffix(1); break;
      case 'w': factor = 7; t.remove_suffix(1); break;
      case 'm': factor = 30; t.remove_suffix(1); break;
      case 'y': factor = 365; t.remove_suffix(1); break;
      default: break;
    }
  }
  int value = 0;
  if (t.empty() || t.size() > 5) return Status::Invalid("--expires takes e.g. 90d, 12w, 6m or 1y, not '" + text + "'");
  for (char c : t) {
    if (c < '0' || c > '9') return Status::Invalid("--expires takes e.g. 90d, 12w, 6m or 1y, not '" + text + "'");
    value = value * 10 + (c - '0');
  }
  return value * factor;
}

AccessCommands::AccessCommands(CLI::App* app) {
  user_ = app->add_subcommand("user", "Accounts that may sign in to nara serve, and API tokens");
  user_->require_subcommand(1);
  auto with_db = [this](CLI::App* c) { c->add_option("--db", args_.db, "Database (nara import made it)")->required(); };
  add_ = user_->add_subcommand("add", "Add an account; the password is read from standard input");
  with_db(add_);
  add_->add_option("name", args_.name, "User name")->required();
  add_->add_option("--role", args_.role, "admin, controller, unit_manager or reader")->required();
  add_->add_option("--units", args_.units, "unit_manager: the units whose subtrees it answers for (id,id,…)");
  passwd_ = user_->add_subcommand("passwd", "Set an account's password (from standard input)");
  with_db(passwd_);
  passwd_->add_option("name", args_.name, "User name")->required();
  disable_ = user_->add_subcommand("disable", "Stop an account from signing in");
  with_db(disable_);
  disable_->add_option("name", args_.name, "User name")->required();
  list_ = user_->add_subcommand("list", "List the accounts");
  with_db(list_);
  token_ = user_->add_subcommand("token", "Issue an API token for an account (printed once)");
  with_db(token_);
  token_->add_option("name", args_.name, "User name")->required();
  token_->add_option("--expires", args_.expires, "Lifetime: 90d, 12w, 6m, 1y; 0 for none (default 90d)");
  tokens_ = user_->add_subcommand("tokens", "List the API tokens (not the tokens themselves)");
  with_db(tokens_);
  revoke_ = user_->add_subcommand("revoke", "Revoke an API token");
  with_db(revoke_);
  revoke_->add_option("id", args_.token_id, "Token id (nara user tokens)")->required();

  audit_ = app->add_subcommand("audit", "The audit trail: who did what, when, from where");
  audit_->require_subcommand(1);
  audit_list_ = audit_->add_subcommand("list", "List entries, oldest first");
  with_db(audit_list_);
  audit_list_->add_option("--after", args_.after, "Entries after this id");
  audit_list_->add_option("--limit", args_.limit, "At most this many (default 100)")->check(CLI::Range(1, 1000000));
  audit_verify_ = audit_->add_subcommand("verify", "Check that no entry was changed, removed or inserted");
  with_db(audit_verify_);
}

bool AccessCommands::Run(std::istream& in, std::ostream& out, std::ostream& err, Status* status) {
  (void)err;
  if (*user_) {
    CLI::App* which = nullptr;
    for (CLI::App* c : {add_, passwd_, disable_, list_, token_, tokens_, revoke_}) {
      if (*c) which = c;
    }
    *status = UserCommand(which, add_, passwd_, disable_, token_, revoke_, tokens_, args_.db, args_.name, args_.role,
                          args_.units, args_.expires, args_.token_id, in, out);
    return true;
  }
  if (!*audit_) return false;
  *status = [&]() -> Status {
    NARA_ASSIGN_OR_RETURN(store::Access access, store::Access::Open(args_.db));
    if (*audit_verify_) {
      NARA_ASSIGN_OR_RETURN(store::AuditCheck check, access.VerifyAudit());
      if (!check.ok) {
        return Status::DataError("the audit trail was tampered with: " + check.why + " (" +
                                 std::to_string(check.entries) + " entries read)");
      }
      out << "The audit trail is whole: " << check.entries << " entries"
          << (check.head.empty() ? "" : ", last hash " + check.head) << ".\n";
      return Status::Ok();
    }
    NARA_ASSIGN_OR_RETURN(std::vector<store::AuditEntry> entries, access.Audit(args_.after, args_.limit));
    out << "id\tat\tby\tclient\taction\tsubject\tdetail\n";
    for (const store::AuditEntry& e : entries) {
      out << e.id << "\t" << e.at << "\t" << (e.by.empty() ? "-" : e.by) << "\t"
          << (e.client.empty() ? "-" : e.client) << "\t" << e.action << "\t" << (e.subject.empty() ? "-" : e.subject)
          << "\t" << e.detail << "\n";
    }
    return Status::Ok();
  }();
  return true;
}

}  // namespace nara::cli
