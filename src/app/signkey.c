#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "billcon/app_signkey.h"
#include "billcon/app_state.h"

#define PATH_BYTES 4200

/* Refuses every passphrase prompt: a key billcon reads unattended has none,
 * and OpenSSL would otherwise ask on the terminal. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf, (void)size, (void)rwflag, (void)u;
	return -1;
}

/* The Ed25519 seed of the PEM private key in f into priv. */
static enum core_status
read_key(FILE *f, const char *path, unsigned char priv[CORE_NOTE_KEY_BYTES],
	 struct core_error *err)
{
	EVP_PKEY *k = PEM_read_PrivateKey(f, NULL, no_passphrase, NULL);
	size_t len = CORE_NOTE_KEY_BYTES;
	bool ok = k && EVP_PKEY_get_id(k) == EVP_PKEY_ED25519 &&
		  EVP_PKEY_get_raw_private_key(k, priv, &len) == 1 && len == CORE_NOTE_KEY_BYTES;

	EVP_PKEY_free(k);
	ERR_clear_error();
	if (!ok)
		return core_error_set(err, CORE_REFUSED,
				      "%s is not an unencrypted Ed25519 private key in PEM: restore it "
				      "from a backup, or move it away to make a new key (checkpoints "
				      "signed by the old one then need its old verifier key).",
				      path);
	return CORE_OK;
}

/* Opens, checks and reads the key file; CORE_NOT_FOUND (no sentence) when
 * there is none. */
static enum core_status
load_existing(const char *path, unsigned char priv[CORE_NOTE_KEY_BYTES], struct core_error *err)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	enum core_status rc;
	FILE *f;

	if (fd < 0 && errno == ENOENT)
		return CORE_NOT_FOUND;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = core_error_set(err, CORE_STORE, "Cannot read the audit signing key %s: %s.",
				    path, fd < 0 ? strerror(errno) : "not a regular file");
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (st.st_mode & 077) {
		close(fd);
		return core_error_set(err, CORE_REFUSED,
				      "The audit signing key %s may be read or written by others "
				      "(mode %04o): run `chmod 600 %s` if no one else has used it, "
				      "else make a new key.",
				      path, (unsigned)(st.st_mode & 07777), path);
	}
	if (!(f = fdopen(fd, "r"))) {
		close(fd);
		return core_error_set(err, CORE_STORE, "Cannot read the audit signing key %s.", path);
	}
	rc = read_key(f, path, priv, err);
	fclose(f);
	return rc;
}

/* Writes a new key as PEM to the new file (mode 0600) aside. */
static bool
write_new_key(const char *aside)
{
	unsigned char seed[CORE_NOTE_KEY_BYTES];
	EVP_PKEY *k = NULL;
	FILE *f = NULL;
	bool ok;
	int fd = open(aside, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);

	/* The umask can only take bits away; fchmod makes it 0600 whatever it
	 * is. */
	ok = fd >= 0 && fchmod(fd, 0600) == 0 && RAND_bytes(seed, sizeof(seed)) == 1 &&
	     (k = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, sizeof(seed))) &&
	     (f = fdopen(fd, "w")) &&
	     PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) == 1 && fflush(f) == 0 &&
	     fsync(fd) == 0;
	OPENSSL_cleanse(seed, sizeof(seed));
	EVP_PKEY_free(k);
	ERR_clear_error();
	if (f)
		ok = fclose(f) == 0 && ok;
	else if (fd >= 0)
		close(fd);
	return ok;
}

/* Makes the key file: written aside, then linked into place, which fails
 * rather than replace a key another process made meanwhile (that key is then
 * the one, and the caller reads it). */
static enum core_status
create_key(const char *path, struct core_error *err)
{
	char aside[PATH_BYTES + 32];
	int saved;

	snprintf(aside, sizeof(aside), "%s.%ld.new", path, (long)getpid());
	unlink(aside);
	if (!write_new_key(aside) || (link(aside, path) != 0 && errno != EEXIST)) {
		saved = errno;
		unlink(aside);
		return core_error_set(err, CORE_STORE, "Cannot make the audit signing key %s: %s.",
				      path, strerror(saved));
	}
	unlink(aside);
	return CORE_OK;
}

/* The key file's path; CORE_USAGE when there is no folder for it. */
static enum core_status
key_path(bool create, char *path, size_t size, struct core_error *err)
{
	char dir[PATH_BYTES];
	int n;

	if (!app_state_dir(dir, sizeof(dir), create))
		return core_error_set(err, CORE_USAGE,
				      "Neither XDG_STATE_HOME nor HOME is set, so billcon has no "
				      "folder for its audit signing key.");
	n = snprintf(path, size, "%s/%s", dir, APP_SIGNKEY_FILE);
	if (n < 0 || (size_t)n >= size)
		return core_error_set(err, CORE_USAGE, "The audit signing key's path is too long.");
	return CORE_OK;
}

enum core_status
app_signkey_load(bool create, unsigned char priv[CORE_NOTE_KEY_BYTES], char *path_out,
		 size_t path_size, struct core_error *err)
{
	char path[PATH_BYTES];
	enum core_status rc;

	if ((rc = key_path(create, path, sizeof(path), err)) == CORE_OK) {
		rc = load_existing(path, priv, err);
		if (rc == CORE_NOT_FOUND && create && (rc = create_key(path, err)) == CORE_OK)
			rc = load_existing(path, priv, err);
		if (rc == CORE_NOT_FOUND)
			core_error_set(err, rc,
				       "There is no audit signing key at %s yet: `billcon audit "
				       "checkpoint` makes one.",
				       path);
	}
	if (rc != CORE_OK)
		OPENSSL_cleanse(priv, CORE_NOTE_KEY_BYTES);
	if (path_out && path_size)
		snprintf(path_out, path_size, "%s", rc == CORE_USAGE ? "" : path);
	return rc;
}
