-- wrk script: POST one workflow run, waiting for it, output only (the model-compose baseline's request).
-- wrk -t2 -c32 -d30s -s benchmarks/workloads/api-run.lua http://127.0.0.1:8080/api/workflows/runs
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"input": {"items": [1, 2, 3]}, "wait_for_completion": true, "output_only": true}'
