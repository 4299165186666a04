// librdkafka's C API (Debian librdkafka-dev), as the CRdKafka system-library module.
#include <librdkafka/rdkafka.h>
