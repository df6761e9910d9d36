-- wrk script: POST one CSV row (the file named by the ROW_FILE environment variable) to /invocations.
local f = assert(io.open(os.getenv("ROW_FILE"), "r"))
wrk.method = "POST"
wrk.path = "/invocations"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/csv"
