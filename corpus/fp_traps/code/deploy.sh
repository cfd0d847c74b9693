#!/usr/bin/env bash
# Deploy script: credentials come from the CI secret store.
set -euo pipefail
export PGPASSWORD="${DB_PASSWORD:?DB_PASSWORD must be set}"
export API_TOKEN=$(vault kv get -field=token secret/acme/api)
docker login -u "$REGISTRY_USER" --password-stdin <<< "$REGISTRY_PASSWORD"
psql "postgresql://${DB_USER}:${DB_PASSWORD}@${DB_HOST}:5432/app" -c 'select 1'
curl -fsS -H "Authorization: Bearer ${API_TOKEN}" https://api.acme-corp.io/v1/deployments
mysql -u root -p"$MYSQL_ROOT_PASSWORD" app < schema.sql
