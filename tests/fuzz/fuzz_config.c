/* libFuzzer target: the settings file parser (app_config_read) and the URL
 * templates it sets (app_config_expand). */
#include "config.h"

#include <string.h>

#include "billcon/app_config.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct app_config cfg;
	struct core_error err;
	char url[256];
	FILE *f = fuzz_stream(data, size);

	if (!f)
		return 0;
	app_config_defaults(&cfg);
	snprintf(cfg.path, sizeof(cfg.path), "%s", "fuzz.config");
	core_error_clear(&err);
	if (app_config_read(&cfg, f, &err) != CORE_OK)
		FUZZ_CHECK(err.message[0] != '\0');
	fclose(f);
	FUZZ_CHECK(cfg.request_expiry_days >= 1 && cfg.request_expiry_days <= 365);
	FUZZ_CHECK(memchr(cfg.actor, '\0', sizeof(cfg.actor)) != NULL);
	FUZZ_CHECK(memchr(cfg.theme, '\0', sizeof(cfg.theme)) != NULL);
	/* A small output buffer, so that expansion is cut short often. */
	app_config_expand(cfg.invitation_url_template, "r-0001", "tenant.example.org",
			  "Contoso {request}", url, sizeof(url));
	FUZZ_CHECK(strlen(url) < sizeof(url));
	app_config_expand(cfg.request_url_template, NULL, NULL, NULL, url, 8);
	FUZZ_CHECK(strlen(url) < 8);
	return 0;
}
