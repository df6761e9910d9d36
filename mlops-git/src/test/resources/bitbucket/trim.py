import json, sys, re
def trim(src, keep, out, rename=None, servers=None):
    d = json.load(open(src))
    paths = {}
    for p, methods in keep.items():
        item = d['paths'][p]
        ni = {k: v for k, v in item.items() if k in methods or k == 'parameters'}
        missing = [m for m in methods if m not in item]
        assert not missing, (p, missing)
        paths[rename(p) if rename else p] = ni
    res = {k: v for k, v in d.items() if k not in ('paths', 'components', 'tags', 'x-revision', 'x-atlassian-narrative')}
    res['paths'] = paths
    if servers: res['servers'] = servers
    # collect refs transitively
    comps = d.get('components', {})
    need = set(); todo = [paths]
    def walk(n):
        if isinstance(n, dict):
            for k, v in n.items():
                if k == '$ref' and isinstance(v, str) and v.startswith('#/components/'):
                    parts = v[len('#/components/'):].split('/')
                    key = (parts[0], parts[1])
                    if key not in need:
                        need.add(key); walk(comps[parts[0]][parts[1]])
                else: walk(v)
        elif isinstance(n, list):
            for v in n: walk(v)
    walk(paths)
    # security schemes referenced by name
    for op in [o for it in paths.values() for o in it.values() if isinstance(o, dict)]:
        for s in op.get('security', []) + d.get('security', []):
            for name in s: need.add(('securitySchemes', name))
    nc = {}
    for kind, name in sorted(need):
        if name in comps.get(kind, {}):
            nc.setdefault(kind, {})[name] = comps[kind][name]
    if 'object' in nc.get('schemas', {}):
        # With allOf subtypes, this discriminator sends swagger-request-validator 2.46.1 into endless recursion.
        nc['schemas']['object'] = {k: v for k, v in nc['schemas']['object'].items() if k != 'discriminator'}
    res['components'] = nc
    json.dump(res, open(out, 'w'), indent=1, sort_keys=False)
    print(out, len(paths), sum(len(v) for v in nc.values()))

R = '/repositories/{workspace}/{repo_slug}'
trim('cloud.json', {
    R: ['get', 'post', 'delete'],
    R + '/refs/branches/{name}': ['get'],
    R + '/src': ['post'],
    R + '/src/{commit}/{path}': ['get'],
    R + '/hooks': ['get', 'post'],
}, sys.argv[1] + '/bitbucket-cloud-2.0.trimmed.json')
P = '/api/latest/projects/{projectKey}/repos'
trim('server.json', {
    P: ['post'],
    P + '/{repositorySlug}': ['get', 'put', 'delete'],
    P + '/{repositorySlug}/branches': ['get'],
    P + '/{repositorySlug}/commits/{commitId}': ['get'],
    P + '/{repositorySlug}/webhooks': ['get', 'post'],
}, sys.argv[1] + '/bitbucket-datacenter-9.2.trimmed.json', rename=lambda p: p.replace('/api/latest/', '/api/1.0/'))
