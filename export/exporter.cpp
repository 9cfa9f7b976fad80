// PLACEHOLDER until the exporters land.
#include "export/exporter.h"
