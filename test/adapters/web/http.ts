/** A plain HTTP request to a local server, for tests of what the bot serves. */
import { request } from "node:http";

/** A response: status, headers and the body as text. */
export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function call(port: number, path: string, method = "GET"): Promise<Response> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, method, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on("error", reject)
      .end();
  });
}
