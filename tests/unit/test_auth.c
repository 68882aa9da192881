/* Unit tests of sign-in's pure parts: the actor from a JWT's claims
 * (sync_token_actor), base64url, the token endpoint's answers and the
 * slow_down arithmetic (sync_auth), and the token cache and token file
 * (app_auth): path, permissions, a round trip, logout. No network. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <check.h>

#include "billcon/app_auth.h"
#include "billcon/core_base64.h"
#include "billcon/sync_auth.h"

static char tmpdir[256];

/* An unsigned JWT of payload: header.payload.sig, base64url unpadded. */
static void
make_jwt(const char *payload, char *out, size_t size)
{
	char b64[2048];
	size_t n = core_base64_encode(payload, strlen(payload), b64);

	while (n && b64[n - 1] == '=')
		b64[--n] = '\0';
	for (size_t i = 0; i < n; i++)
		b64[i] = b64[i] == '+' ? '-' : b64[i] == '/' ? '_' : b64[i];
	snprintf(out, size, "eyJhbGciOiJub25lIn0.%s.sig", b64);
}

static void
actor_of(const char *payload, const char *want)
{
	char jwt[4096], actor[256];
	long long exp;
	struct core_error err;

	make_jwt(payload, jwt, sizeof(jwt));
	core_error_clear(&err);
	ck_assert_int_eq(sync_token_actor(jwt, actor, sizeof(actor), &exp, &err), CORE_OK);
	ck_assert_str_eq(actor, want);
}

START_TEST(test_actor_claims)
{
	actor_of("{\"upn\":\"Ada@Contoso.COM\",\"preferred_username\":\"x@y\",\"exp\":1}", "ada@contoso.com");
	actor_of("{\"preferred_username\":\"Bo@Fabrikam.com\"}", "bo@fabrikam.com");
	actor_of("{\"unique_name\":\"live.com#c@d.org\"}", "live.com#c@d.org");
	actor_of("{\"idtyp\":\"app\",\"upn\":\"ignored@x\",\"appid\":\"11111111-2222-3333-4444-555555555555\"}",
		 "app:11111111-2222-3333-4444-555555555555");
	actor_of("{\"azp\":\"ABCDEF\"}", "app:abcdef");
}
END_TEST

START_TEST(test_actor_refused)
{
	char jwt[4096], actor[256];
	struct core_error err;
	long long exp;

	core_error_clear(&err);
	ck_assert_int_eq(sync_token_actor("not-a-token", actor, sizeof(actor), NULL, &err), CORE_USAGE);
	ck_assert_ptr_null(strstr(err.message, "not-a-token"));
	make_jwt("{\"tid\":\"x\",\"exp\":42}", jwt, sizeof(jwt));
	ck_assert_int_eq(sync_token_actor(jwt, actor, sizeof(actor), &exp, &err), CORE_USAGE);
	ck_assert_int_eq(exp, 42);
	make_jwt("{\"upn\":\"a b@c\"}", jwt, sizeof(jwt));
	ck_assert_int_eq(sync_token_actor(jwt, actor, sizeof(actor), NULL, &err), CORE_USAGE);
	make_jwt("[1]", jwt, sizeof(jwt));
	ck_assert_int_eq(sync_token_actor(jwt, actor, sizeof(actor), NULL, &err), CORE_USAGE);
	ck_assert_int_eq(sync_token_actor("a.b.c.d", actor, sizeof(actor), NULL, &err), CORE_USAGE);
}
END_TEST

START_TEST(test_base64url)
{
	unsigned char out[16];
	size_t n;

	ck_assert(core_base64url_decode("-_8", 3, out, sizeof(out), &n));
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(out[0], 0xfb);
	ck_assert_uint_eq(out[1], 0xff);
	ck_assert(core_base64url_decode("YQ", 2, out, sizeof(out), &n) && n == 1 && out[0] == 'a');
	ck_assert(core_base64url_decode("YQ==", 4, out, sizeof(out), &n) && n == 1);
	ck_assert(!core_base64url_decode("+/8", 3, out, sizeof(out), &n));
	ck_assert(!core_base64url_decode("Y", 1, out, sizeof(out), &n));
	ck_assert(core_base64url_decode("", 0, out, sizeof(out), &n) && n == 0);
}
END_TEST

static enum sync_token_outcome
parse(long status, const char *body, struct sync_token *tok, struct core_error *err)
{
	core_error_clear(err);
	return sync_token_parse(status, body, strlen(body), 1000, tok, err);
}

START_TEST(test_token_answers)
{
	struct sync_token tok;
	struct core_error err;

	ck_assert_int_eq(parse(400, "{\"error\":\"authorization_pending\"}", &tok, &err), SYNC_TOKEN_PENDING);
	ck_assert_int_eq(parse(400, "{\"error\":\"slow_down\"}", &tok, &err), SYNC_TOKEN_SLOW_DOWN);
	ck_assert_int_eq(parse(400, "{\"error\":\"authorization_declined\"}", &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_int_eq(err.status, CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "declined"));
	ck_assert_int_eq(parse(400, "{\"error\":\"expired_token\"}", &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_int_eq(err.status, CORE_REMOTE);
	ck_assert_ptr_nonnull(strstr(err.message, "expired"));
	ck_assert_int_eq(parse(400, "{\"error\":\"bad_verification_code\"}", &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_ptr_nonnull(strstr(err.message, "did not recognise"));
	ck_assert_int_eq(parse(401, "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: bad.\\r\\nTrace ID: 1\"}",
			       &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_str_eq(err.message, "The login endpoint refused the sign-in (HTTP 401, invalid_client: AADSTS7000215: bad.).");
	ck_assert_int_eq(parse(200, "not json", &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_int_eq(parse(200, "{\"token_type\":\"Bearer\"}", &tok, &err), SYNC_TOKEN_FAILED);
	ck_assert_int_eq(parse(200, "{\"access_token\":\"A\",\"refresh_token\":\"R\",\"expires_in\":3599}", &tok, &err),
			 SYNC_TOKEN_DONE);
	ck_assert_str_eq(tok.access, "A");
	ck_assert_str_eq(tok.refresh, "R");
	ck_assert_int_eq(tok.expires_at, 4599);
	sync_token_clear(&tok);
	ck_assert_ptr_null(tok.access);
	ck_assert_int_eq(parse(200, "{\"access_token\":\"A\",\"expires_in\":\"60\"}", &tok, &err), SYNC_TOKEN_DONE);
	ck_assert_ptr_null(tok.refresh);
	ck_assert_int_eq(tok.expires_at, 1060);
	sync_token_clear(&tok);
}
END_TEST

START_TEST(test_slow_down)
{
	ck_assert_int_eq(sync_auth_slow_down(5000, 0), 10000);
	ck_assert_int_eq(sync_auth_slow_down(0, 3), 3);
	ck_assert_int_eq(sync_auth_slow_down(3, 3), 6);
	ck_assert_int_eq(sync_auth_slow_down(58000, 0), 60000);
}
END_TEST

static void
setup(void)
{
	char cmd[300];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/billcon-auth-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	setenv("XDG_STATE_HOME", tmpdir, 1);
	unsetenv("BILLCON_CLIENT_SECRET");
	(void)cmd;
}

static void
teardown(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_cache_path)
{
	char path[512], want[512];
	struct stat st;

	ck_assert(app_auth_cache_path(path, sizeof(path), true));
	snprintf(want, sizeof(want), "%s/billcon/tokens", tmpdir);
	ck_assert_str_eq(path, want);
	snprintf(want, sizeof(want), "%s/billcon", tmpdir);
	ck_assert_int_eq(stat(want, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", tmpdir, 1);
	ck_assert(app_auth_cache_path(path, sizeof(path), false));
	snprintf(want, sizeof(want), "%s/.local/state/billcon/tokens", tmpdir);
	ck_assert_str_eq(path, want);
	ck_assert(!app_auth_cache_path(path, 8, false));
}
END_TEST

START_TEST(test_private_files)
{
	char path[512], *text;
	struct core_error err;
	struct stat st;

	core_error_clear(&err);
	snprintf(path, sizeof(path), "%s/f", tmpdir);
	ck_assert_int_eq(app_auth_read_private(path, "The file", &text, &err), CORE_OK);
	ck_assert_ptr_null(text);
	umask(0);
	ck_assert_int_eq(app_auth_write_private(path, "{\"a\": 1}", &err), CORE_OK);
	umask(022);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(app_auth_read_private(path, "The file", &text, &err), CORE_OK);
	ck_assert_str_eq(text, "{\"a\": 1}");
	free(text);
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(app_auth_read_private(path, "The file", &text, &err), CORE_REFUSED);
	ck_assert_ptr_nonnull(strstr(err.message, "chmod 600"));
	ck_assert_ptr_nonnull(strstr(err.message, path));
}
END_TEST

/* A config for the cache's key. */
static void
config(struct app_config *cfg)
{
	app_config_defaults(cfg);
	snprintf(cfg->login_endpoint, sizeof(cfg->login_endpoint), "http://127.0.0.1:1");
}

START_TEST(test_cache_round_trip)
{
	struct app_config cfg;
	struct app_auth *a;
	struct core_error err;
	char path[512], cache[8192], arm[2048], graph[2048];
	const char *bearer;
	bool removed;

	config(&cfg);
	core_error_clear(&err);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CACHE, NULL, NULL, &a, &err), CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "billcon login"));
	make_jwt("{\"upn\":\"Ada@contoso.com\",\"exp\":4102444800}", arm, sizeof(arm));
	make_jwt("{\"upn\":\"Ada@contoso.com\",\"aud\":\"graph\"}", graph, sizeof(graph));
	snprintf(cache, sizeof(cache),
		 "{\"version\":1,\"logins\":{\"%s organizations %s\":{\"actor\":\"ada@contoso.com\",\"how\":\"device\","
		 "\"refresh_token\":\"R\",\"arm\":{\"access_token\":\"%s\",\"expires_at\":4102444800},"
		 "\"graph\":{\"access_token\":\"%s\",\"expires_at\":4102444800}}}}",
		 cfg.login_endpoint, cfg.client_id, arm, graph);
	ck_assert(app_auth_cache_path(path, sizeof(path), true));
	ck_assert_int_eq(app_auth_write_private(path, cache, &err), CORE_OK);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CACHE, NULL, NULL, &a, &err), CORE_OK);
	ck_assert_str_eq(app_auth_actor(a), "ada@contoso.com");
	ck_assert_int_eq(app_auth_expires(a), 4102444800LL);
	ck_assert_int_eq(app_auth_token(a, APP_AUTH_ARM, &bearer, &err), CORE_OK);
	ck_assert_str_eq(bearer, arm);
	ck_assert_int_eq(app_auth_token(a, APP_AUTH_GRAPH, &bearer, &err), CORE_OK);
	ck_assert_str_eq(bearer, graph);
	app_auth_free(a);
	/* Another tenant is another entry. */
	snprintf(cfg.tenant, sizeof(cfg.tenant), "00000000-0000-0000-0000-000000000001");
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CACHE, NULL, NULL, &a, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(app_auth_logout(&cfg, &removed, &err), CORE_OK);
	ck_assert(!removed);
	cfg.tenant[0] = '\0';
	ck_assert_int_eq(app_auth_logout(&cfg, &removed, &err), CORE_OK);
	ck_assert(removed);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CACHE, NULL, NULL, &a, &err), CORE_FORBIDDEN);
	ck_assert_int_eq(chmod(path, 0640), 0);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CACHE, NULL, NULL, &a, &err), CORE_REFUSED);
}
END_TEST

START_TEST(test_token_file)
{
	struct app_config cfg;
	struct app_auth *a;
	struct core_error err;
	char path[512], text[4096], arm[2048];
	const char *bearer;

	config(&cfg);
	core_error_clear(&err);
	make_jwt("{\"idtyp\":\"app\",\"appid\":\"0a0b\",\"exp\":100}", arm, sizeof(arm));
	snprintf(path, sizeof(path), "%s/tokens.json", tmpdir);
	snprintf(text, sizeof(text), "{\"arm\": \"%s\"}", arm);
	ck_assert_int_eq(app_auth_write_private(path, text, &err), CORE_OK);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_TOKEN_FILE, path, NULL, &a, &err), CORE_OK);
	ck_assert_str_eq(app_auth_actor(a), "app:0a0b");
	/* Used as given, even past its exp: nothing renews a token file. */
	ck_assert_int_eq(app_auth_token(a, APP_AUTH_ARM, &bearer, &err), CORE_OK);
	ck_assert_str_eq(bearer, arm);
	ck_assert_int_eq(app_auth_token(a, APP_AUTH_GRAPH, &bearer, &err), CORE_FORBIDDEN);
	ck_assert_ptr_nonnull(strstr(err.message, "graph"));
	app_auth_free(a);
	ck_assert_int_eq(chmod(path, 0604), 0);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_TOKEN_FILE, path, NULL, &a, &err), CORE_REFUSED);
	ck_assert_ptr_null(strstr(err.message, arm));
}
END_TEST

START_TEST(test_no_secret)
{
	struct app_config cfg;
	struct app_auth *a;
	struct core_error err;

	config(&cfg);
	core_error_clear(&err);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CLIENT, NULL, NULL, &a, &err), CORE_USAGE);
	ck_assert_ptr_nonnull(strstr(err.message, "BILLCON_CLIENT_SECRET"));
	snprintf(cfg.client_secret_file, sizeof(cfg.client_secret_file), "%s/missing", tmpdir);
	ck_assert_int_eq(app_auth_open(&cfg, APP_AUTH_CLIENT, NULL, NULL, &a, &err), CORE_USAGE);
}
END_TEST

static Suite *
auth_suite(void)
{
	Suite *s = suite_create("auth");
	TCase *pure = tcase_create("pure"), *files = tcase_create("files");

	tcase_add_test(pure, test_actor_claims);
	tcase_add_test(pure, test_actor_refused);
	tcase_add_test(pure, test_base64url);
	tcase_add_test(pure, test_token_answers);
	tcase_add_test(pure, test_slow_down);
	tcase_add_checked_fixture(files, setup, teardown);
	tcase_add_test(files, test_cache_path);
	tcase_add_test(files, test_private_files);
	tcase_add_test(files, test_cache_round_trip);
	tcase_add_test(files, test_token_file);
	tcase_add_test(files, test_no_secret);
	suite_add_tcase(s, pure);
	suite_add_tcase(s, files);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(auth_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
