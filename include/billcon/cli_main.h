/* cli_main: the `billcon` command: parses the words and runs a command. */
#ifndef BILLCON_CLI_MAIN_H
#define BILLCON_CLI_MAIN_H

/* Runs billcon with main's arguments; returns the exit code (doc/billcon.1). */
int cli_main(int argc, char **argv);

#endif
