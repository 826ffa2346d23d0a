/** The baseline for the service benchmark: a bare express 5 JSON echo route, nothing else. */
import express from 'express';

const app = express();
app.use(express.json({ limit: '1mb' }));
app.post('/echo', (req, res) => {
  res.status(201).json(req.body);
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('echo ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
