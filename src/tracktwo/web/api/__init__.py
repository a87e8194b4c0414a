"""The JSON API under /api/v1: everything the pages do, described by the OpenAPI document."""
