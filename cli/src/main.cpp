// The vigil executable: global library set-up, then parse the command line and run the one
// command it names. Each command registers itself (command.hpp).
#include "command.hpp"
#include "exit_codes.hpp"

int main(int argc, char** argv) {
  // libgit2 and libcurl are initialised lazily, on the main thread before any scan or verify
  // thread starts (scanner/git_init.hpp, verifiers/global_init.hpp): a pre-commit run that
  // needs neither pays for neither (libgit2's TLS set-up parses the system CA bundle).
  CLI::App app{"vigil: find leaked secrets, check whether they still work, track revocation"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "vigil 0.1.0");
  vigil::cli::CommandRegistry registry;
  vigil::cli::register_scan_command(app, registry);
  vigil::cli::register_rules_commands(app, registry);
  vigil::cli::register_git_commands(app, registry);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? vigil::cli::kExitOk : vigil::cli::kExitError;
  }
  for (auto& [command, run] : registry.commands)
    if (command->parsed()) return run();
  return vigil::cli::kExitError;
}
