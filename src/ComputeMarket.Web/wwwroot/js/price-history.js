// The offer page's price-history chart. The points come from the canvas's data-points attribute, so the page
// needs no inline script (the Content-Security-Policy allows scripts from our own files only).
(function () {
    const canvas = document.getElementById('price-history');
    if (!window.Chart || !canvas) return;
    const points = JSON.parse(canvas.dataset.points || '[]');
    if (points.length === 0) return;
    new Chart(canvas, {
        type: 'line',
        data: {
            labels: points.map(p => p.t),
            datasets: [
                { label: 'Input ¥/1M', data: points.map(p => p.input), stepped: true, borderColor: '#233b6e' },
                { label: 'Output ¥/1M', data: points.map(p => p.output), stepped: true, borderColor: '#e4572e' }
            ]
        },
        options: { animation: false, scales: { y: { beginAtZero: true } } }
    });
})();
